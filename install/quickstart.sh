#!/usr/bin/env bash
# The main job on a fresh machine: installs what is missing, builds the kernel, installs it for
# the user, runs the quickstart notebook headless (a real experiment on this machine: a ping,
# deployed, watched and plotted) and writes an HTML page of the executed notebook.
#   install/quickstart.sh [OUTPUT_DIR]      (default: target/quickstart)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/target/quickstart}"

"$root/install/requirements.sh"
echo "quickstart: building the kernel ..."
(cd "$root" && mvn -q -B -pl kernel -am -DskipTests package)
"$root/install/install.sh" --user
mkdir -p "$out"
echo "quickstart: running notebooks/01-quickstart.ipynb ..."
NEPI_KERNEL_LOG_LEVEL=WARN jupyter-nbconvert --config "$root/install/nbconvert_config.py" --to html \
    --execute "$root/notebooks/01-quickstart.ipynb" --output-dir "$out" --log-level=WARN
echo "quickstart: the executed notebook, with its plot, is at"
echo "$out/01-quickstart.html"
