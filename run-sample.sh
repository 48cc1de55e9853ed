#!/usr/bin/env bash
# Tracery's demo: the sample order service, traced, on a real WildFly (or Payara Micro), sending its
# spans to a real Zipkin. Builds what it needs and fetches WildFly/Payara and Zipkin from Maven Central
# the first time. Needs only Java 17+ and Maven. Ctrl-C stops everything it started.
#
#   ./run-sample.sh                    WildFly 39 on http://localhost:8080, Zipkin on http://localhost:9411
#   ./run-sample.sh --payara           the same WAR on Payara Micro 6
#   PORT_OFFSET=100 ./run-sample.sh    every port + 100 (8180, 9511)
set -euo pipefail

cd "$(dirname "$0")"
ROOT=$(pwd)
SERVER=wildfly
case "${1:-}" in
  --payara) SERVER=payara ;;
  --wildfly|"") ;;
  *) echo "usage: $0 [--wildfly|--payara]" >&2; exit 2 ;;
esac

WILDFLY_VERSION=39.0.1.Final
PAYARA_VERSION=6.2025.10
ZIPKIN_VERSION=3.6.1
DEMO="$ROOT/target/demo"
PORT_OFFSET=${PORT_OFFSET:-0}
HTTP_PORT=$((8080 + PORT_OFFSET))
ZIPKIN_PORT=$((9411 + PORT_OFFSET))
mkdir -p "$DEMO"

PIDS=()
stop() {
  trap - INT TERM EXIT
  echo
  echo ">> Stopping ..."
  for pid in "${PIDS[@]}"; do
    pkill -TERM -P "$pid" 2>/dev/null || true
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  echo ">> Stopped."
}
trap stop INT TERM EXIT

fetch() { # groupId:artifactId:version[:type[:classifier]] file
  if [ ! -f "$DEMO/$2" ]; then
    echo ">> Fetching $1 from Maven Central (once) ..."
    mvn -q -B -N org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact="$1" -DoutputDirectory="$DEMO" -Dmdep.useBaseVersion=true
  fi
}

echo ">> Building the sample WAR (with Tracery) ..."
mvn -q -B -pl sample-war -am package -DskipTests
WAR="$ROOT/sample-war/target/tracery-sample.war"

fetch "io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec" "zipkin-server-$ZIPKIN_VERSION-exec.jar"
echo ">> Starting Zipkin on port $ZIPKIN_PORT (log: target/demo/zipkin.log) ..."
QUERY_PORT=$ZIPKIN_PORT STORAGE_TYPE=mem java -Xmx256m -jar "$DEMO/zipkin-server-$ZIPKIN_VERSION-exec.jar" \
  > "$DEMO/zipkin.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 120); do
  curl -fs "http://localhost:$ZIPKIN_PORT/health" > /dev/null 2>&1 && break
  sleep 1
done
curl -fs "http://localhost:$ZIPKIN_PORT/health" > /dev/null || { echo "Zipkin did not start, see $DEMO/zipkin.log"; exit 1; }

# Tracery's configuration for the demo, as system properties (they win over the WAR's file).
TRACERY_PROPS=(
  "-Dotel.traces.exporter=zipkin"
  "-Dotel.exporter.zipkin.endpoint=http://localhost:$ZIPKIN_PORT/api/v2/spans"
  "-Dotel.bsp.schedule.delay=500ms"
)

LOG_PATTERN='%d{HH:mm:ss,SSS} %-5p [%c] (%t) trace_id=%X{trace_id} span_id=%X{span_id} %s%e%n'

if [ "$SERVER" = wildfly ]; then
  WILDFLY_HOME="$DEMO/wildfly-$WILDFLY_VERSION"
  if [ ! -x "$WILDFLY_HOME/bin/standalone.sh" ]; then
    echo ">> Fetching WildFly $WILDFLY_VERSION from Maven Central (once) ..."
    mvn -q -B -N org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack \
      -Dartifact="org.wildfly:wildfly-dist:$WILDFLY_VERSION:zip" -DoutputDirectory="$DEMO" -Dmdep.overWriteReleases=true
    chmod +x "$WILDFLY_HOME"/bin/*.sh
  fi
  rm -f "$WILDFLY_HOME"/standalone/deployments/tracery-sample.war*
  cp "$WAR" "$WILDFLY_HOME/standalone/deployments/"
  # Trace ids in every log line (README, "Trace ids in the server log"): the console and server.log.
  cat > "$DEMO/log-format.cli" <<CLI
embed-server --server-config=standalone-full.xml --std-out=discard
/subsystem=logging/pattern-formatter=PATTERN:write-attribute(name=pattern, value="$LOG_PATTERN")
/subsystem=logging/pattern-formatter=COLOR-PATTERN:write-attribute(name=pattern, value="$LOG_PATTERN")
stop-embedded-server
CLI
  "$WILDFLY_HOME/bin/jboss-cli.sh" --file="$DEMO/log-format.cli" > "$DEMO/jboss-cli.log" 2>&1 \
    || { echo "Could not set WildFly's log format, see $DEMO/jboss-cli.log"; exit 1; }
  echo ">> Starting WildFly $WILDFLY_VERSION (standalone-full.xml) on port $HTTP_PORT with the sample deployed ..."
  # The full profile: its embedded ActiveMQ Artemis broker carries the sample's order announcements.
  "$WILDFLY_HOME/bin/standalone.sh" -c standalone-full.xml -Djboss.socket.binding.port-offset="$PORT_OFFSET" "${TRACERY_PROPS[@]}" \
    > "$DEMO/server.log" 2>&1 &
  PIDS+=($!)
  LOG="$DEMO/server.log"
else
  fetch "fish.payara.extras:payara-micro:$PAYARA_VERSION" "payara-micro-$PAYARA_VERSION.jar"
  echo ">> Note: Payara Micro has no JMS broker (no OpenMQ inside), and a message-driven bean cannot deploy"
  echo "   there, so the demo deploys the sample without it: placed orders are not announced as messages and"
  echo "   the order trace has no message consumer. ./run-sample.sh (WildFly) shows that step."
  # The same WAR without OrderListener (built by sample-war's pom), under the usual name for its context root.
  cp "$ROOT/sample-war/target/tracery-sample-no-jms.war" "$DEMO/tracery-sample.war"
  WAR="$DEMO/tracery-sample.war"
  echo ">> Starting Payara Micro $PAYARA_VERSION on port $HTTP_PORT with the sample deployed ..."
  java "${TRACERY_PROPS[@]}" -jar "$DEMO/payara-micro-$PAYARA_VERSION.jar" \
    --deploy "$WAR" --port "$HTTP_PORT" --nocluster --nohazelcast > "$DEMO/server.log" 2>&1 &
  PIDS+=($!)
  LOG="$DEMO/server.log"
fi

BASE="http://localhost:$HTTP_PORT/tracery-sample/api"
for _ in $(seq 1 180); do
  curl -fs "$BASE/health" > /dev/null 2>&1 && break
  sleep 1
done
curl -fs "$BASE/health" > /dev/null || { echo "The server did not start, see $LOG"; exit 1; }

cat <<INFO

   Tracery's sample is up on $SERVER, tracing into Zipkin. Try:

     curl -X POST '$BASE/orders?item=book&quantity=2'    # order -> pricing call -> stored -> message -> MDB
     curl -X POST '$BASE/orders?item=flaky&quantity=1'   # pricing answers 503 every other time: retried
     curl '$BASE/orders/1'                                # find it (a JPA read)
     curl '$BASE/orders/1/shipping'                       # asynchronous estimate
     curl -X POST '$BASE/orders?item='                    # fails: an ERROR trace
     curl '$BASE/health'                                  # excluded: no trace

   Then open Zipkin: http://localhost:$ZIPKIN_PORT/zipkin/  (service "tracery-sample", "Run Query").
   Each request is one trace: the server span, the @Traced beans, the pricing call's retry (operation
   pricing.fetch, a span per attempt) with the CLIENT span of each attempt's HTTP call and the pricing
   service's own server span below it; a placed order also has the PRODUCER span of
   its announcement and, below it, the message-driven bean's CONSUMER span (not on Payara Micro,
   which has no JMS broker).

   Server log: $LOG (on WildFly every line shows its trace_id and span_id: grep a trace id from
   Zipkin there to find the request's log lines).  Ctrl-C stops the server and Zipkin.

INFO
wait "${PIDS[@]}"
