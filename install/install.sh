#!/usr/bin/env bash
# Installs the Jupyter kernelspec "nepi" (NEPI (Java)).
#   install/install.sh                 for the current user (~/.local/share/jupyter/kernels/nepi)
#   install/install.sh --prefix DIR    into DIR/share/jupyter/kernels/nepi
# Builds kernel/target/nepi-kernel.jar first when it is missing, and copies it into the kernelspec
# so that the installed kernel keeps working after a "mvn clean".
set -euo pipefail

usage() {
    echo "usage: $0 [--prefix DIR]"
    echo "  --prefix DIR  install into DIR/share/jupyter/kernels/nepi (default: the user's Jupyter data dir)"
}

prefix=""
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix)
            [ $# -ge 2 ] || { echo "error: --prefix needs a directory" >&2; usage >&2; exit 2; }
            prefix="$2"; shift 2 ;;
        --prefix=*) prefix="${1#--prefix=}"; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "error: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/kernel/target/nepi-kernel.jar"

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    java="$JAVA_HOME/bin/java"
else
    java="$(command -v java || true)"
    [ -n "$java" ] || { echo "error: java not found: install a JDK 17 or later, or set JAVA_HOME" >&2; exit 1; }
    java="$(readlink -f "$java")"
fi
feature="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
if [ -z "$feature" ] || [ "${feature%%.*}" -lt 17 ]; then
    echo "error: $java is Java ${feature:-unknown}; the kernel needs Java 17 or later (with jdk.jshell)" >&2
    exit 1
fi

if [ ! -f "$jar" ]; then
    echo "building $jar ..."
    (cd "$root" && mvn -q -pl kernel -am -DskipTests package)
fi

if [ -n "$prefix" ]; then
    mkdir -p "$prefix"
    dest="$(cd "$prefix" && pwd)/share/jupyter/kernels/nepi"
else
    dest="${XDG_DATA_HOME:-$HOME/.local/share}/jupyter/kernels/nepi"
fi
mkdir -p "$dest"
cp "$jar" "$dest/nepi-kernel.jar"

json_string() {
    printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')"
}

# JVM flags, measured with kernel/benchmark/benchmark.py (see kernel/README-kernel.md):
#   -XX:+UseSerialGC           one small heap, no GC threads waking up while the kernel idles;
#   -XX:TieredStopAtLevel=1    C1 only: JShell's compiler (javac) reaches its speed after a few cells instead of
#                              after hundreds, and no C2 threads compete with the cells on small machines.
#                              Remove it for notebooks that run heavy computations in Java.
cat > "$dest/kernel.json" <<JSON
{
  "argv": [$(json_string "$java"), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", $(json_string "$dest/nepi-kernel.jar"), "{connection_file}"],
  "display_name": "NEPI (Java)",
  "language": "java",
  "interrupt_mode": "message",
  "metadata": {"debugger": false}
}
JSON
echo "installed kernelspec nepi in $dest"
