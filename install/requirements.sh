#!/usr/bin/env bash
# Installs the Debian packages NEPI for Jupyter needs (as root), or says which are missing.
# Java 17+ and Maven are assumed.
set -euo pipefail

packages=(
  maven
  python3-jupyter-client python3-nbclient python3-jupyter-kernel-test python3-ipykernel
  jupyter-nbconvert jupyter-notebook
  openssh-server openssh-client iproute2 iputils-ping traceroute tcpdump iperf3 gcc procps
  pssh
  chromium
)

if ! command -v java >/dev/null 2>&1; then
  echo "requirements: Java 17 or newer is needed (Debian: apt-get install openjdk-17-jdk-headless)" >&2
  exit 1
fi
java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
if [ "${java_major%%.*}" -lt 17 ]; then
  echo "requirements: Java 17 or newer is needed; 'java' is version $java_major" >&2
  exit 1
fi

# The browser test drives Chromium with Playwright, which needs Node.js 20 or newer.
node_version=$(node --version 2>/dev/null || true)
node_major=${node_version#v}
node_major=${node_major%%.*}
if [ -z "$node_major" ] || [ "$node_major" -lt 20 ]; then
  echo "requirements: Node.js 20 or newer (with npm) is needed for the browser test; found ${node_version:-none}" >&2
  exit 1
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  echo "requirements: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "requirements: missing Debian packages; install them with:" >&2
  echo "  sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
