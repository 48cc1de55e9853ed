#!/usr/bin/env bash
# Load test of the sample application on a real WildFly 39, in six modes, with wrk on loopback:
#
#   none            the sample without Tracery (its jars removed but for its API package, see below; OpenTelemetry's API
#                   kept, as a no-op)
#   disabled        with Tracery, tracing off (tracery.enabled=false)
#   enabled         with Tracery, 100 % sampling, exporting OTLP to a local endpoint (scripts/OtlpSink.java)
#   enabled-lean    the same with tracery.http.server.record-mapped-exceptions=false (resources not intercepted)
#   collector-down  the same with nothing listening at the collector's address
#   peer            without Tracery, WildFly's own MicroProfile Telemetry (standalone-full.xml plus its telemetry subsystems),
#                   100 % sampling, exporting to the same local endpoint
#
# "Without Tracery" (none, peer): the sample's code names Tracery's public API (@Traced; Spans and RetryPolicy for its
# retried pricing call), so those WARs keep that one package, dev.tracery, cut out of tracery-interceptors (no
# interceptor, no extension, no filter: nothing CDI or JAX-RS would find), plus a load-test-only producer
# (scripts/NoTracerySpans.java) that gives the sample's @Inject Spans the no-op Spans.noop(), which only runs the block.
# Neither measured endpoint reaches it: only the order placed at start-up (POST /orders, item book) goes through it.
#
# Two endpoints (ENDPOINTS), each warmed up and measured in every mode:
#   pricing  GET /tracery-sample/api/pricing/{item}: trivial; a SERVER span and a @WithSpan span per request
#            in the traced modes, the same in Tracery and in the peer.
#   order    GET /tracery-sample/api/orders/{id}: a JPA read (Hibernate, em.find) of an order placed when the
#            server is up, from WildFly's H2 (ExampleDS); in Tracery's traced modes a SERVER span, two @Traced
#            spans and a database CLIENT span (tracery-jdbc) per request; the peer traces no database call.
# Prints a Markdown table per endpoint and mode: requests/s, p50 and p99 latency, heap after GC at the start
# and the end of the measurement, and for Tracery's traced modes what its JMX MXBean counted (spans exported
# and dropped); then, per endpoint, each mode's requests/s as a share of mode none's. See docs/performance.md.
#
# Each mode runs on a fresh server: a warm-up under load until the JIT has compiled the request path (it
# takes WildFly about 90 s on 2 cores with Tracery on), then the measurement.
#
#   scripts/load-test.sh                         all modes, 120 s each after a 120 s warm-up
#   DURATION=30 MODES="none enabled" scripts/load-test.sh
#   MODES="none disabled enabled enabled-lean collector-down peer none" scripts/load-test.sh
#                                                the same, with none again at the end: modes run one after the
#                                                other, and this machine drifts by several per cent in an hour;
#                                                shares are taken against the mean of a mode's runs
#   EXTRA_PROPS="-Dotel.bsp.max.export.batch.size=1024" MODES=enabled scripts/load-test.sh   an experiment
#   PROFILE=cpu MODES=enabled scripts/load-test.sh   also record async-profiler (fetched from Maven Central) during
#                                                    each measurement (event cpu, alloc or lock) into
#                                                    target/load/profile-<mode>-<endpoint>.collapsed; the profiler
#                                                    costs throughput, so profiled runs are not throughput runs.
#                                                    scripts/ProfileBreakdown.java reads those files per request.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

DURATION=${DURATION:-120}
WARMUP=${WARMUP:-120}
CONNECTIONS=${CONNECTIONS:-16}
WRK_THREADS=${WRK_THREADS:-1}
MODES=${MODES:-"none disabled enabled enabled-lean collector-down peer"}
ENDPOINTS=${ENDPOINTS:-"pricing order"}
PORT_OFFSET=${PORT_OFFSET:-500}
PROFILE=${PROFILE:-}
ASYNC_PROFILER_VERSION=4.2
WILDFLY_VERSION=39.0.1.Final
LOAD="$ROOT/target/load"
HTTP_PORT=$((8080 + PORT_OFFSET))
SINK_PORT=$((4318 + PORT_OFFSET))
DEAD_PORT=$((4319 + PORT_OFFSET))
BASE="http://127.0.0.1:$HTTP_PORT/tracery-sample/api"
URL="$BASE/pricing/book"
mkdir -p "$LOAD"

for tool in wrk zip; do
  if ! command -v "$tool" > /dev/null; then
    echo ">> Installing $tool (Debian package) ..." >&2
    sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get install -y -qq "$tool" > /dev/null 2>&1 || { $sudo apt-get update -qq && $sudo apt-get install -y -qq "$tool" > /dev/null; }
  fi
done

echo ">> Building the sample WAR ..." >&2
# Each module's class path goes to its target/classpath.txt: the sample's compiles NoTracerySpans below.
mvn -q -B -pl sample-war -am package -DskipTests \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.outputFile=target/classpath.txt
WAR="$ROOT/sample-war/target/tracery-sample.war"

WILDFLY_HOME="$LOAD/wildfly-$WILDFLY_VERSION"
if [ ! -x "$WILDFLY_HOME/bin/standalone.sh" ]; then
  echo ">> Fetching WildFly $WILDFLY_VERSION from Maven Central (once) ..." >&2
  mvn -q -B -N org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack \
    -Dartifact="org.wildfly:wildfly-dist:$WILDFLY_VERSION:zip" -DoutputDirectory="$LOAD" -Dmdep.overWriteReleases=true
  chmod +x "$WILDFLY_HOME"/bin/*.sh
fi

PROFILER_LIB="$LOAD/async-profiler-$ASYNC_PROFILER_VERSION/linux-x64/libasyncProfiler.so"
if [ -n "$PROFILE" ] && [ ! -f "$PROFILER_LIB" ]; then
  echo ">> Fetching async-profiler $ASYNC_PROFILER_VERSION from Maven Central (once) ..." >&2
  mvn -q -B -N org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack \
    -Dartifact="tools.profiler:async-profiler:$ASYNC_PROFILER_VERSION:jar:linux-x64" \
    -DoutputDirectory="$LOAD/async-profiler-$ASYNC_PROFILER_VERSION"
fi

# The sample has a message-driven bean (its order announcements), so every mode runs WildFly's full
# profile; the peer runs it with WildFly's own OpenTelemetry subsystems added (a copy of the file, made
# once), as standalone-microprofile.xml has them but no JMS broker.
PEER_CONFIG=standalone-full-telemetry.xml
if [ ! -f "$WILDFLY_HOME/standalone/configuration/$PEER_CONFIG" ]; then
  cp "$WILDFLY_HOME/standalone/configuration/standalone-full.xml" "$WILDFLY_HOME/standalone/configuration/$PEER_CONFIG"
  cat > "$LOAD/peer-config.cli" <<CLI
embed-server --server-config=$PEER_CONFIG --std-out=discard
/extension=org.wildfly.extension.opentelemetry:add
/subsystem=opentelemetry:add
/extension=org.wildfly.extension.microprofile.telemetry:add
/subsystem=microprofile-telemetry:add
stop-embedded-server
CLI
  "$WILDFLY_HOME/bin/jboss-cli.sh" --file="$LOAD/peer-config.cli" > "$LOAD/peer-config.log" 2>&1 \
    || { echo "could not make $PEER_CONFIG, see $LOAD/peer-config.log" >&2; rm -f "$WILDFLY_HOME/standalone/configuration/$PEER_CONFIG"; exit 1; }
fi

# WAR variants: the sample as built, and without Tracery.
variant() { # name, zip patterns to delete
  local name=$1; shift
  mkdir -p "$LOAD/$name"
  cp "$WAR" "$LOAD/$name/tracery-sample.war"
  (cd "$LOAD/$name" && zip -q -d tracery-sample.war "$@" > /dev/null || true)
}
# Without tracery-jdbc the persistence unit must not name its classes (Hibernate would fail the deployment).
without_tracery_jpa() { # variant name
  (cd "$LOAD/$1" && rm -rf WEB-INF && unzip -q tracery-sample.war WEB-INF/classes/META-INF/persistence.xml \
    && sed -i '/dev\.tracery\.jdbc/d' WEB-INF/classes/META-INF/persistence.xml \
    && zip -q tracery-sample.war WEB-INF/classes/META-INF/persistence.xml && rm -rf WEB-INF)
}
# Without Tracery the WAR keeps only Tracery's public API package (see the header) and the no-op Spans producer.
API_ONLY="$LOAD/api-only"
rm -rf "$API_ONLY" && mkdir -p "$API_ONLY/classes/META-INF"
(cd "$API_ONLY" && unzip -q -j "$WAR" 'WEB-INF/lib/tracery-interceptors-*.jar' \
  && mv tracery-interceptors-*.jar tracery-api-only.jar && zip -q -d tracery-api-only.jar 'dev/tracery/interceptors/*')
if unzip -l "$API_ONLY/tracery-api-only.jar" | grep -q 'dev/tracery/[^ ]*/'; then
  echo "tracery-interceptors has classes outside dev.tracery and dev.tracery.interceptors: check what none/peer keep" >&2; exit 1
fi
javac --release 17 -proc:none -d "$API_ONLY/classes" -cp "$(cat "$ROOT/sample-war/target/classpath.txt")" \
  "$ROOT/scripts/NoTracerySpans.java"
printf '<beans xmlns="https://jakarta.ee/xml/ns/jakartaee" version="4.0" bean-discovery-mode="annotated"/>\n' \
  > "$API_ONLY/classes/META-INF/beans.xml"
(cd "$API_ONLY/classes" && zip -q -r ../load-test-no-tracery.jar .)
with_api_only() { # variant name
  mkdir -p "$LOAD/$1/WEB-INF/lib" && cp "$API_ONLY/tracery-api-only.jar" "$API_ONLY/load-test-no-tracery.jar" "$LOAD/$1/WEB-INF/lib/"
  (cd "$LOAD/$1" && zip -q tracery-sample.war WEB-INF/lib/*.jar && rm -rf WEB-INF)
}
variant full
# Without Tracery: no Tracery, no SDK; OpenTelemetry's API stays (the sample calls Span.current()).
variant none 'WEB-INF/lib/tracery-*' 'WEB-INF/lib/opentelemetry-sdk*' 'WEB-INF/lib/opentelemetry-exporter*' \
  'WEB-INF/lib/opentelemetry-extension*' 'WEB-INF/lib/opentelemetry-instrumentation-api*' \
  'WEB-INF/lib/opentelemetry-semconv*' 'WEB-INF/lib/zipkin*' 'WEB-INF/lib/opentelemetry-api-incubator*' \
  'WEB-INF/lib/opentelemetry-jdbc*'
without_tracery_jpa none
with_api_only none
# The peer: nothing of OpenTelemetry in the WAR, the server's own (MicroProfile Telemetry) instead.
variant peer 'WEB-INF/lib/*' 'WEB-INF/jboss-deployment-structure.xml'
without_tracery_jpa peer
with_api_only peer

SINK_PID=""
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then
    pkill -TERM -P "$SERVER_PID" 2>/dev/null || true; kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ -n "$SINK_PID" ]; then
    kill -TERM "$SINK_PID" 2>/dev/null || true; wait "$SINK_PID" 2>/dev/null || true
  fi
  return 0
}
trap cleanup EXIT INT TERM

java "$ROOT/scripts/OtlpSink.java" "$SINK_PORT" > "$LOAD/sink.log" 2>&1 &
SINK_PID=$!

heap_after_gc() { # pid -> used heap in MB after a full GC
  jcmd "$1" GC.run > /dev/null
  jcmd "$1" GC.heap_info | awk '/total/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?/, "", v); printf "%.0f", v / 1024; exit } }'
}

exporter_stats() { # pid -> "exported dropped" from Tracery's JMX MXBean
  java "$ROOT/scripts/ExporterStats.java" "$1" | awk '/^exported/ { gsub(",", ""); print $2, $4; exit }'
}

run_mode() { # mode
  local mode=$1 config=standalone-full.xml war=full
  local props=("-Djboss.socket.binding.port-offset=$PORT_OFFSET" "-Dotel.service.name=load-$mode")
  # EXTRA_PROPS: more system properties for every mode's server, for experiments ("-Da=b -Dc=d").
  [ -n "${EXTRA_PROPS:-}" ] && read -r -a extra <<< "$EXTRA_PROPS" && props+=("${extra[@]}")
  case "$mode" in
    none) war=none ;;
    disabled) props+=("-Dtracery.enabled=false") ;;
    enabled) props+=("-Dtracery.enabled=true" "-Dotel.traces.sampler=always_on" "-Dotel.exporter.otlp.endpoint=http://127.0.0.1:$SINK_PORT") ;;
    enabled-lean) props+=("-Dtracery.enabled=true" "-Dotel.traces.sampler=always_on" "-Dotel.exporter.otlp.endpoint=http://127.0.0.1:$SINK_PORT"
                          "-Dtracery.http.server.record-mapped-exceptions=false") ;;
    collector-down) props+=("-Dtracery.enabled=true" "-Dotel.traces.sampler=always_on" "-Dotel.exporter.otlp.endpoint=http://127.0.0.1:$DEAD_PORT") ;;
    peer) war=peer; config=$PEER_CONFIG
      props+=("-Dotel.sdk.disabled=false" "-Dotel.traces.sampler=always_on" "-Dotel.traces.exporter=otlp"
              "-Dotel.exporter.otlp.protocol=http/protobuf" "-Dotel.exporter.otlp.endpoint=http://127.0.0.1:$SINK_PORT"
              "-Dotel.metrics.exporter=none" "-Dotel.logs.exporter=none") ;;
    *) echo "unknown mode $mode" >&2; return 1 ;;
  esac
  rm -rf "$WILDFLY_HOME"/standalone/deployments/tracery-sample.war* "$WILDFLY_HOME"/standalone/tmp/* "$WILDFLY_HOME"/standalone/data/*
  cp "$LOAD/$war/tracery-sample.war" "$WILDFLY_HOME/standalone/deployments/"
  # Profiled runs: the profiler loaded at start-up but idle until the measurement (loading it into a warm JVM
  # makes the JIT recompile for a minute), stacks exact between safepoints (async-profiler's advice).
  local profiled_jvm=""
  [ -n "$PROFILE" ] && profiled_jvm="-agentpath:$PROFILER_LIB -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints"
  JDK_JAVA_OPTIONS="$profiled_jvm" "$WILDFLY_HOME/bin/standalone.sh" -c "$config" "${props[@]}" > "$LOAD/server-$mode.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do curl -fs "$URL" > /dev/null 2>&1 && break; sleep 1; done
  curl -fs "$URL" > /dev/null || { echo "mode $mode: the server did not answer, see $LOAD/server-$mode.log" >&2; return 1; }
  local java_pid
  java_pid=$(pgrep -P "$SERVER_PID" java | head -1)
  # One order to read (endpoint order); placing it calls the pricing service through the sample's retry, with
  # item book, which the pricing service always answers (the demo's item flaky answers 503 every other time).
  local order_id
  order_id=$(curl -fs -X POST "$BASE/orders?item=book&quantity=1" | sed 's/.*"id":"\([0-9]*\)".*/\1/') \
    || { echo "mode $mode: placing an order failed, see $LOAD/server-$mode.log" >&2; return 1; }
  for endpoint in $ENDPOINTS; do
    local url=$URL
    [ "$endpoint" = order ] && url="$BASE/orders/$order_id"
    curl -fs "$url" > /dev/null || { echo "mode $mode: $url did not answer" >&2; continue; }
    local out="$LOAD/wrk-$mode-$endpoint.txt"

    wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "$url" > /dev/null
    local heap_start heap_end
    heap_start=$(heap_after_gc "$java_pid")
    local traced=false before=""
    case "$mode" in enabled*|collector-down) traced=true; before=$(exporter_stats "$java_pid") ;; esac
    if [ -n "$PROFILE" ]; then
      java "$ROOT/scripts/AttachProfiler.java" "$java_pid" "$PROFILER_LIB" "start,threads,event=$PROFILE,interval=$([ "$PROFILE" = cpu ] && echo 1ms || echo 512k)" > /dev/null
    fi
    wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$url" > "$out"
    if [ -n "$PROFILE" ]; then
      java "$ROOT/scripts/AttachProfiler.java" "$java_pid" "$PROFILER_LIB" "stop,collapsed,file=$LOAD/profile-$mode-$endpoint.collapsed" > /dev/null
    fi
    heap_end=$(heap_after_gc "$java_pid")

    # What Tracery's MXBean counted during the measurement: spans exported and dropped.
    local spans="-"
    if [ "$traced" = true ]; then
      local after
      after=$(exporter_stats "$java_pid")
      spans="exported $(( ${after% *} - ${before% *} )), dropped $(( ${after#* } - ${before#* } ))"
    fi

    local rps p50 p99 errors total
    total=$(awk '/requests in/ { print $1 }' "$out")
    rps=$(awk '/Requests\/sec/ { print $2 }' "$out")
    p50=$(awk '$1 == "50%" { print $2 }' "$out")
    p99=$(awk '$1 == "99%" { print $2 }' "$out")
    errors=$(awk '/Non-2xx|Socket errors/ { printf "%s ", $0 }' "$out")
    echo "$endpoint $mode $rps" >> "$LOAD/rps.txt"
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$endpoint" "$mode" "$rps" "$total" "$p50" "$p99" "$heap_start" "$heap_end" "${errors:-none}" "$spans"
  done

  pkill -TERM -P "$SERVER_PID" 2>/dev/null || true
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
  # The server's JVM outlives its start script for a moment (the full profile's broker writes its journal
  # while stopping): the next mode clears standalone/data, so wait until the JVM is gone (at most 60 s).
  for _ in $(seq 1 300); do kill -0 "$java_pid" 2>/dev/null || break; sleep 0.2; done
}

echo ">> $(nproc) cores, $(java -version 2>&1 | head -1); wrk -t$WRK_THREADS -c$CONNECTIONS, ${WARMUP}s warm-up, ${DURATION}s measured per mode" >&2
echo "| endpoint | mode | requests/s | requests | p50 | p99 | heap after GC, start (MB) | heap after GC, end (MB) | errors | Tracery's MXBean |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
rm -f "$LOAD/rps.txt"
for mode in $MODES; do
  run_mode "$mode"
done

# Each mode's throughput as a share of the same endpoint's without Tracery (mode none), side by side.
if [ -f "$LOAD/rps.txt" ] && grep -q ' none ' "$LOAD/rps.txt"; then
  echo
  echo "| mode | $(echo $ENDPOINTS | sed 's/ / | /g') |"
  echo "| --- |$(for _ in $ENDPOINTS; do printf ' --- |'; done)"
  # A mode listed twice (MODES="none ... none", to see the machine drift) counts with the mean of its runs.
  for mode in $(echo $MODES | tr ' ' '\n' | awk '!seen[$0]++'); do
    [ "$mode" = none ] && continue
    line="| $mode |"
    for endpoint in $ENDPOINTS; do
      line="$line $(awk -v e="$endpoint" -v m="$mode" '$1 == e && $2 == "none" { base += $3; nb++ } $1 == e && $2 == m { v += $3; nv++ }
        END { if (nb > 0 && nv > 0 && base > 0) printf "%.0f %% of none", 100 * (v / nv) / (base / nb); else printf "-" }' "$LOAD/rps.txt") |"
    done
    echo "$line"
  done
  if grep -q ' peer ' "$LOAD/rps.txt" && grep -q ' enabled ' "$LOAD/rps.txt"; then
    line="| enabled vs peer |"
    for endpoint in $ENDPOINTS; do
      line="$line $(awk -v e="$endpoint" '$1 == e && $2 == "peer" { p += $3; np++ } $1 == e && $2 == "enabled" { v += $3; nv++ }
        END { if (np > 0 && nv > 0 && p > 0) printf "%.0f %% of peer", 100 * (v / nv) / (p / np); else printf "-" }' "$LOAD/rps.txt") |"
    done
    echo "$line"
  fi
fi
