#!/usr/bin/env bash
# Takes the README's picture: places an order in the running demo, finds that order's trace in Zipkin
# and photographs Zipkin's page for it with headless Chromium, into docs/images/zipkin-order-trace.png.
#
#   ./run-sample.sh &  then  scripts/screenshot.sh      uses the demo that is running
#   scripts/screenshot.sh --start                        starts ./run-sample.sh itself, stops it after
#   PORT_OFFSET=100 scripts/screenshot.sh [--start]      the demo's ports moved by 100, as run-sample.sh
#
# Needs curl and Chromium (Debian: apt-get install chromium; the script installs it when run as root
# on Debian or Ubuntu). OUT=file.png writes elsewhere; WIDTH and HEIGHT set the window (1400x860);
# ITEM=flaky orders the item whose pricing call fails once and is retried (default: book).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
START=no
case "${1:-}" in
  --start) START=yes ;;
  "") ;;
  *) echo "usage: $0 [--start]" >&2; exit 2 ;;
esac
PORT_OFFSET=${PORT_OFFSET:-0}
HTTP_PORT=$((8080 + PORT_OFFSET))
ZIPKIN_PORT=$((9411 + PORT_OFFSET))
BASE="http://localhost:$HTTP_PORT/tracery-sample/api"
ZIPKIN="http://localhost:$ZIPKIN_PORT"
OUT=${OUT:-$ROOT/docs/images/zipkin-order-trace.png}
WIDTH=${WIDTH:-1400}
HEIGHT=${HEIGHT:-860}
ITEM=${ITEM:-book}

chromium_binary() {
  command -v chromium || command -v chromium-browser || command -v google-chrome || true
}
CHROMIUM=$(chromium_binary)
if [ -z "$CHROMIUM" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    echo ">> Installing Chromium (apt-get install chromium) ..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null
    CHROMIUM=$(chromium_binary)
  fi
  if [ -z "$CHROMIUM" ]; then
    echo "Chromium is missing: install it (Debian: sudo apt-get install chromium) and run this again." >&2
    exit 1
  fi
fi

DEMO_PID=
PROFILE=$(mktemp -d)
cleanup() {
  rm -rf "$PROFILE"
  if [ -n "$DEMO_PID" ]; then
    echo ">> Stopping the demo ..."
    kill -TERM "$DEMO_PID" 2> /dev/null || true # run-sample.sh stops its server and Zipkin on TERM
    wait "$DEMO_PID" 2> /dev/null || true
  fi
}
trap cleanup EXIT

up() { curl -fs -o /dev/null "$BASE/health" && curl -fs -o /dev/null "$ZIPKIN/health"; }

if ! up; then
  if [ "$START" = no ]; then
    echo "The demo is not running on port $HTTP_PORT (Zipkin $ZIPKIN_PORT): start ./run-sample.sh first," >&2
    echo "or run $0 --start to have this script start and stop it." >&2
    exit 1
  fi
  echo ">> Starting the demo (./run-sample.sh, log: target/screenshot-demo.log) ..."
  mkdir -p "$ROOT/target"
  PORT_OFFSET=$PORT_OFFSET "$ROOT/run-sample.sh" > "$ROOT/target/screenshot-demo.log" 2>&1 &
  DEMO_PID=$!
  for _ in $(seq 1 600); do
    up && break
    kill -0 "$DEMO_PID" 2> /dev/null || { echo "The demo stopped, see target/screenshot-demo.log" >&2; exit 1; }
    sleep 1
  done
  up || { echo "The demo did not come up in 10 minutes, see target/screenshot-demo.log" >&2; exit 1; }
fi

echo ">> Placing an order ..."
placed_ms=$(($(date +%s) * 1000))
curl -fsS -X POST "$BASE/orders?item=$ITEM&quantity=2"
echo

# The demo exports every 500 ms; Zipkin's API finds the trace by its root span's name and time.
echo ">> Looking for its trace in Zipkin ..."
TRACE_ID=
for _ in $(seq 1 30); do
  now_ms=$(($(date +%s) * 1000 + 1000))
  TRACE_ID=$(curl -fs "$ZIPKIN/api/v2/traces?serviceName=tracery-sample&spanName=post%20%2Fapi%2Forders&endTs=$now_ms&lookback=$((now_ms - placed_ms + 2000))&limit=1" \
    | grep -o '"traceId":"[0-9a-f]*"' | head -n 1 | cut -d '"' -f 4 || true)
  # Wait until the trace is complete: the pricing service's server span arrives with it.
  if [ -n "$TRACE_ID" ] && [ "$(curl -fs "$ZIPKIN/api/v2/trace/$TRACE_ID" | grep -o '"id":' | wc -l)" -ge 5 ]; then
    break
  fi
  TRACE_ID=
  sleep 1
done
[ -n "$TRACE_ID" ] || { echo "No trace of the order reached Zipkin at $ZIPKIN" >&2; exit 1; }
echo "   trace $TRACE_ID: $ZIPKIN/zipkin/traces/$TRACE_ID"
sleep 2 # the last spans of the trace, exported with the next batch

echo ">> Taking the picture with $CHROMIUM ..."
mkdir -p "$(dirname "$OUT")"
rm -f "$OUT"
"$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --hide-scrollbars --user-data-dir="$PROFILE" \
  --window-size="$WIDTH,$HEIGHT" --virtual-time-budget=15000 --screenshot="$OUT" \
  "$ZIPKIN/zipkin/traces/$TRACE_ID" > "$PROFILE/chromium.log" 2>&1 || true
if [ ! -s "$OUT" ]; then
  echo "Chromium wrote no picture:" >&2
  tail -n 20 "$PROFILE/chromium.log" >&2
  exit 1
fi
echo ">> Wrote $OUT"
