#!/usr/bin/env bash
# Runs Tracery's sample application, traced, on a real WildFly: builds the sample WAR, fetches WildFly
# from Maven Central (once), deploys the WAR and starts the server in the foreground. The sample exports
# its spans with the console exporter, so every traced call shows up in the server log below.
# Ctrl-C stops the server. Needs only Java 17+ and Maven.
#
#   ./run-sample.sh                      # http://localhost:8080
#   PORT_OFFSET=100 ./run-sample.sh      # every WildFly port + 100: http://localhost:8180
set -euo pipefail

cd "$(dirname "$0")"
ROOT=$(pwd)
WILDFLY_VERSION=39.0.1.Final
DEMO_DIR="$ROOT/target/demo"
WILDFLY_HOME="$DEMO_DIR/wildfly-$WILDFLY_VERSION"
PORT_OFFSET=${PORT_OFFSET:-0}
HTTP_PORT=$((8080 + PORT_OFFSET))

echo ">> Building the sample WAR (with Tracery) ..."
mvn -q -B -pl sample-war -am install -DskipTests

if [ ! -x "$WILDFLY_HOME/bin/standalone.sh" ]; then
  echo ">> Fetching WildFly $WILDFLY_VERSION from Maven Central (once) ..."
  mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack \
    -Dartifact=org.wildfly:wildfly-dist:$WILDFLY_VERSION:zip -DoutputDirectory="$DEMO_DIR"
  chmod +x "$WILDFLY_HOME"/bin/*.sh
fi

rm -f "$WILDFLY_HOME"/standalone/deployments/tracery-sample.war*
cp sample-war/target/tracery-sample.war "$WILDFLY_HOME/standalone/deployments/"

cat <<INFO

>> Starting WildFly with the sample deployed. When it says "Deployed tracery-sample.war", try:

     curl -X POST 'http://localhost:$HTTP_PORT/tracery-sample/api/orders?item=book&quantity=2'
     curl 'http://localhost:$HTTP_PORT/tracery-sample/api/orders/1001'
     curl -X POST 'http://localhost:$HTTP_PORT/tracery-sample/api/orders?item='      # fails: an ERROR span

   Each call prints its spans in this log (lines from LoggingSpanExporter): OrderService.place with
   its children pricing.quote and OrderRepository.save, all with one trace id.
   Ctrl-C stops the server.

INFO

"$WILDFLY_HOME/bin/standalone.sh" -Djboss.socket.binding.port-offset="$PORT_OFFSET" &
SERVER_PID=$!
stop() {
  echo ">> Stopping WildFly ..."
  # standalone.sh runs the server JVM as its child; stop both.
  pkill -TERM -P "$SERVER_PID" 2>/dev/null || true
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
}
trap stop INT TERM
wait "$SERVER_PID" || true
