#!/usr/bin/env bash
# Installs (or removes) the Jupyter kernelspec "nepi" (NEPI (Java)).
#   install/install.sh                       for the current user (~/.local/share/jupyter/kernels/nepi)
#   install/install.sh --sys-prefix          into the prefix of the Python that runs Jupyter (Debian: /usr)
#   install/install.sh --prefix DIR          into DIR/share/jupyter/kernels/nepi
#   install/install.sh [where] --uninstall   removes it from there
#   install/install.sh [where] --no-cds      skips the class data archive (AppCDS) that makes the kernel start faster
# Builds kernel/target/nepi-kernel.jar first when it is missing, and copies it into the kernelspec
# so that the installed kernel keeps working after a "mvn clean". Installing twice is harmless.
set -euo pipefail

usage() {
    echo "usage: $0 [--user | --sys-prefix | --prefix DIR] [--uninstall]"
    echo "  --user        for the current user (the default): \$XDG_DATA_HOME or ~/.local/share/jupyter/kernels/nepi"
    echo "  --sys-prefix  into the prefix of the Python that runs Jupyter: PREFIX/share/jupyter/kernels/nepi"
    echo "  --prefix DIR  into DIR/share/jupyter/kernels/nepi"
    echo "  --uninstall   remove the kernelspec from that place instead"
    echo "  --no-cds      do not write the class data archive (AppCDS) that makes the kernel start faster"
}

where="user"
prefix=""
uninstall=false
cds=true
while [ $# -gt 0 ]; do
    case "$1" in
        --user) where="user"; shift ;;
        --sys-prefix) where="sys-prefix"; shift ;;
        --prefix)
            [ $# -ge 2 ] || { echo "error: --prefix needs a directory" >&2; usage >&2; exit 2; }
            where="prefix"; prefix="$2"; shift 2 ;;
        --prefix=*) where="prefix"; prefix="${1#--prefix=}"; shift ;;
        --uninstall) uninstall=true; shift ;;
        --no-cds) cds=false; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "error: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
done

# The Python whose sys.prefix Jupyter searches: NEPI_JUPYTER_PYTHON, jupyter's, one with jupyter_core, else python3.
python_prefix() {
    local py
    for py in "${NEPI_JUPYTER_PYTHON:-}" "$(command -v jupyter >/dev/null 2>&1 && head -1 "$(command -v jupyter)" | sed -n 's/^#! *//p' | cut -d' ' -f1)" \
              /usr/bin/python3 "$(command -v python3 || true)"; do
        if [ -n "$py" ] && [ -x "$py" ] && "$py" -c 'import jupyter_core' >/dev/null 2>&1; then
            "$py" -c 'import sys; print(sys.prefix)'
            return 0
        fi
    done
    py="$(command -v python3 || true)"
    [ -n "$py" ] || { echo "error: --sys-prefix needs the Python that runs Jupyter, and no python3 was found" >&2; exit 1; }
    "$py" -c 'import sys; print(sys.prefix)'
}

case "$where" in
    user) dest="${XDG_DATA_HOME:-$HOME/.local/share}/jupyter/kernels/nepi" ;;
    sys-prefix) dest="$(python_prefix)/share/jupyter/kernels/nepi" ;;
    prefix)
        mkdir -p "$prefix"
        dest="$(cd "$prefix" && pwd)/share/jupyter/kernels/nepi" ;;
esac

if $uninstall; then
    if [ -f "$dest/kernel.json" ]; then
        rm -rf "$dest"
        echo "removed kernelspec nepi from $dest"
    else
        echo "no kernelspec nepi in $dest: nothing to remove"
    fi
    exit 0
fi

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

mkdir -p "$dest"
cp "$jar" "$dest/nepi-kernel.jar"
cp "$root/install/logo-32x32.png" "$root/install/logo-64x64.png" "$dest/"

json_string() {
    printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')"
}

# JVM flags, measured with kernel/benchmark/benchmark.py (see docs/benchmarks.md):
#   -Xmx1g                     a bounded heap: a hostile or runaway message cannot take the machine's memory
#                              (the JVM's default is a quarter of it); raise it in kernel.json for big data.
#   -XX:+UseSerialGC           one small heap, no GC threads waking up while the kernel idles;
#   -XX:TieredStopAtLevel=1    C1 only: JShell's compiler (javac) reaches its speed after a few cells instead of
#                              after hundreds, and no C2 threads compete with the cells on small machines.
#                              Remove it for notebooks that run heavy computations in Java.
#   -Xmn16m                    a small young generation, reused after each collection: the JVM's default (a third
#                              of the initial heap, 130 MB here) made a start touch 100 MB of fresh pages, whose
#                              faults are slow in a VM; JShell's start and 120 cells used 15-20 % less CPU with it.
flags=(-Xmx1g -Xmn16m -XX:+UseSerialGC -XX:TieredStopAtLevel=1)

# AppCDS (see docs/kernel.md): a short scripted kernel run (--cds-training) loads what a notebook's start and first
# cells load, and the JVM archives those classes at its exit; installed kernels then map them instead of loading
# and verifying them again. A stale archive (another JDK, a rebuilt jar) is ignored by the JVM (-Xshare:auto, the
# default), whose message about it goes to the kernel's log, never to a notebook; a missing one is not an error.
archive="$dest/nepi-kernel.jsa"
rm -f "$archive"
cds_flags=()
if $cds; then
    training_log="$(mktemp "${TMPDIR:-/tmp}/nepi-install-cds-log-XXXXXX")"
    if "$java" "${flags[@]}" -XX:ArchiveClassesAtExit="$archive" -jar "$dest/nepi-kernel.jar" --cds-training \
            >"$training_log" 2>&1 && [ -s "$archive" ]; then
        cds_flags=(-XX:SharedArchiveFile="$archive" -Xshare:auto)
    else
        rm -f "$archive"
        echo "note: the class data archive (AppCDS) could not be written; the kernel works without it, starting slower" >&2
        # What the run said, without the JVM's list of the classes it leaves out of every archive.
        grep -v -e 'Skipping ' -e 'Pre JDK 6 class' "$training_log" | tail -n 5 | sed 's/^/  java: /' >&2
    fi
    rm -f "$training_log"
fi

argv="$(json_string "$java")"
for flag in "${flags[@]}" ${cds_flags[@]+"${cds_flags[@]}"} -jar "$dest/nepi-kernel.jar"; do
    argv="$argv, $(json_string "$flag")"
done
cat > "$dest/kernel.json" <<JSON
{
  "argv": [$argv, "{connection_file}"],
  "display_name": "NEPI (Java)",
  "language": "java",
  "interrupt_mode": "message",
  "metadata": {"debugger": false}
}
JSON
echo "installed kernelspec nepi in $dest"
