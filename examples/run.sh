#!/usr/bin/env bash
# Builds the examples against the installed dev.latentj:latentj (mvn install in the repository root first; .ci/run
# does) and runs them on the class path and on the module path. Checks what a consumer must see: latentj once in
# the dependency tree, a thin latentj jar (no Jackson or picocli classes inside), and the application's pinned
# Jackson winning, at build time and at run time.
set -euo pipefail
cd "$(dirname "$0")"
MODEL=${1:-../models/codi-gpt2-tiny-q8_0.gguf}
JACKSON=2.17.2   # examples/pom.xml pins it

fail() { echo "examples: $*" >&2; exit 1; }

JAVA=${LATENTJ_JAVA:-}
if [ -z "$JAVA" ]; then
  for j in $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -rV) "${JAVA_HOME:+$JAVA_HOME/bin/java}"; do
    v=$("$j" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
    if [ -n "$v" ] && [ "$v" -ge 22 ]; then JAVA=$j; break; fi
  done
fi
[ -n "$JAVA" ] || fail "needs a JDK 22 or newer (set LATENTJ_JAVA=/path/to/bin/java)"
JAR_TOOL="$(dirname "$JAVA")/jar"

mvn -B -q -ntp package

tree=$(mvn -B -ntp dependency:tree)
[ "$(grep -c 'dev.latentj:latentj:jar' <<<"$tree")" = 1 ] || fail "latentj is not in the dependency tree exactly once:
$tree"
grep -q "com.fasterxml.jackson.core:jackson-databind:jar:$JACKSON:compile" <<<"$tree" \
  || fail "the pinned jackson-databind $JACKSON does not win:
$tree"
lib=$(ls target/lib/latentj-*.jar)
classes=$("$JAR_TOOL" tf "$lib")
grep -q '^dev/latentj/engine/Model.class$' <<<"$classes" || fail "$lib has no latentj classes"
grep -q '^native/linux-x86_64/liblatentj.so$' <<<"$classes" || fail "$lib has no natives"
! grep -qE '^(com/fasterxml|picocli)/' <<<"$classes" || fail "$lib carries dependency classes (shaded)"
for j in target/lib/*.jar; do
  [ "$j" = "$lib" ] && continue
  ! "$JAR_TOOL" tf "$j" | grep -q '^dev/latentj/engine/' || fail "$j holds latentj classes too"
done

run() {  # a description, then the java options and main class; prints what the example printed
  local what=$1; shift
  echo "== $what" >&2
  "$JAVA" "$@" "$MODEL" || fail "$what failed"
}
out=$(run "CODI, class path" --enable-native-access=ALL-UNNAMED -cp "target/classes:target/lib/*" dev.latentj.examples.CodiAnswer)
echo "$out"
grep -q '"mode":"codi"' <<<"$out" || fail "no CODI answer on the class path"
grep -qx "jackson $JACKSON" <<<"$out" || fail "the class path ran another Jackson than $JACKSON"
out=$(run "CODI, module path" --enable-native-access=dev.latentj -p target/classes:target/lib \
  -m dev.latentj.examples/dev.latentj.examples.CodiAnswer)
echo "$out"
grep -q '"mode":"codi"' <<<"$out" || fail "no CODI answer on the module path"
grep -qx "jackson $JACKSON" <<<"$out" || fail "the module path ran another Jackson than $JACKSON"
out=$(run "Soft Thinking, module path" --enable-native-access=dev.latentj -p target/classes:target/lib \
  -m dev.latentj.examples/dev.latentj.examples.SoftThinking)
echo "$out"
grep -q '^soft thinking: [0-9]* concept tokens, [0-9]* answer tokens' <<<"$out" || fail "no Soft Thinking answer on the module path"
grep -q '^\[' <<<"$out" || fail "Soft Thinking streamed no thinking tokens"
out=$(run "Cancellation, module path" --enable-native-access=dev.latentj -p target/classes:target/lib \
  -m dev.latentj.examples/dev.latentj.examples.Cancelling)
echo "$out"
grep -q '^cancelled after [4-9] tokens (cancelled): ' <<<"$out" || fail "the generation was not cancelled"
grep -q '^in full (stop): ' <<<"$out" || fail "no full answer after the cancelled one"
echo "examples: ok (latentj once, thin jar, Jackson $JACKSON wins, class path and module path run, streaming, cancellation)"
