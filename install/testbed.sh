#!/usr/bin/env bash
# A local testbed of SSH hosts: N network namespaces on one bridge, each with its own sshd.
#
#   install/testbed.sh up N [--prefix 198.18.50.0/24] [--dir DIR] [--name nepitb] [--slow-rc SECONDS]
#   install/testbed.sh down [--dir DIR] [--name nepitb]
#   install/testbed.sh status [--dir DIR] [--name nepitb]
#
# Host i (1..N) is the namespace <name>-<i> with address <prefix>.(i+1) on the bridge <name>0,
# whose host side has <prefix>.1, so the controller reaches every host from this machine's own
# namespace. Each host has its own mount namespace whose $HOME (root's) is DIR/host-<i>/home,
# so that its ~/.nepi and its rc files are its own, and its own sshd with a throwaway host key.
# Written under DIR: id_ed25519 (the user key to log in with), known_hosts (every host's key),
# hosts (one address a line), pssh-hosts (root@address:22 a line, for parallel-ssh -h) and
# hosts.tsv (index, namespace, address, sshd pid).
#
# --slow-rc SECONDS makes every host's ~/.bashrc (read by bash for every SSH command, as
# Debian's bash does when started by sshd) burn that much CPU time, as pyenv or conda init do
# in real users' rc files. Decimal seconds are accepted.
#
# "up" first removes what an earlier testbed of the same name left (a killed run included).
# "down" kills the sshd processes (by pid: those recorded and those found in the namespaces),
# deletes the namespaces, veths and bridge, and DIR. Root is needed.
set -euo pipefail

usage() {
  sed -n '4,6p' "$0" | sed 's/^# *//' >&2
  exit 2
}
die() {
  echo "testbed: $*" >&2
  exit 1
}

[ $# -ge 1 ] || usage
action=$1
shift
count=
if [ "$action" = up ]; then
  [ $# -ge 1 ] || die "up needs the number of hosts, e.g. 'install/testbed.sh up 20'"
  count=$1
  shift
  [[ "$count" =~ ^[0-9]+$ ]] && [ "$count" -ge 1 ] && [ "$count" -le 250 ] ||
    die "the number of hosts must be a whole number from 1 to 250, got '$count'"
fi
prefix=198.18.50.0/24
dir=/tmp/nepi-testbed
name=nepitb
slow_rc=
while [ $# -gt 0 ]; do
  case $1 in
  --prefix) prefix=${2:?--prefix needs a value such as 198.18.50.0/24}; shift 2 ;;
  --dir) dir=${2:?--dir needs a directory}; shift 2 ;;
  --name) name=${2:?--name needs a name such as nepitb}; shift 2 ;;
  --slow-rc) slow_rc=${2:?--slow-rc needs a number of seconds}; shift 2 ;;
  *) die "unknown option '$1'; accepted: --prefix CIDR, --dir DIR, --name NAME, --slow-rc SECONDS" ;;
  esac
done
case $action in up | down | status) ;; *) die "unknown action '$action'; accepted: up, down, status" ;; esac
[[ "$name" =~ ^[a-z][a-z0-9]{0,9}$ ]] || die "--name must be 1-10 lowercase letters or digits starting with a letter, got '$name'"
[ "$(id -u)" -eq 0 ] || die "must run as root (it creates network namespaces and runs sshd)"
dir=$(realpath -m -- "$dir")
case $dir in /) die "--dir / is refused" ;; esac
bridge=${name}0

# Kills the pid when it is an sshd (a recycled pid of another program is left alone).
kill_sshd() {
  local pid=$1
  [ -r "/proc/$pid/comm" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = sshd ] && kill -TERM "$pid" 2>/dev/null || true
}

down() {
  local ns pid f
  # sshd daemons recorded under DIR, then any process still in one of our namespaces (their
  # sessions, the shells they started).
  if [ -d "$dir" ]; then
    for f in "$dir"/host-*/sshd.pid; do
      [ -f "$f" ] && kill_sshd "$(cat "$f")"
    done
  fi
  local batch
  batch=$(mktemp)
  # Processes in our namespaces, found in one pass over /proc (an "ip netns pids" per
  # namespace costs tens of milliseconds each): their net namespace inode is one of ours.
  local inodes=" "
  for ns in $(ip netns list | awk -v p="^$name-[0-9]+\$" '$1 ~ p {print $1}'); do
    inodes+="$(stat -L -c %i "/run/netns/$ns" 2>/dev/null) "
    echo "netns delete $ns" >>"$batch"
  done
  if [ "$inodes" != " " ]; then
    while read -r proc link; do
      link=${link#net:[}
      case $inodes in *" ${link%]} "*) kill -KILL "${proc#/proc/}" 2>/dev/null || true ;; esac
    done < <(find /proc/[0-9]*/ns/net -maxdepth 0 -printf '%h %l\n' 2>/dev/null | sed 's#/ns # #')
  fi
  # One "ip" for all: a namespace's deletion takes its veth (and its peer) with it.
  [ -s "$batch" ] && ip -force -batch "$batch" 2>/dev/null || true
  rm -f "$batch"
  ip link show "$bridge" >/dev/null 2>&1 && ip link delete "$bridge"
  # Host-side veths whose peer namespace is gone are deleted with it; a leftover is not.
  for f in $(ip -o link show 2>/dev/null | awk -F': ' -v p="^${name}v[0-9]+(@|\$)" '$2 ~ p {sub(/@.*/, "", $2); print $2}'); do
    ip link delete "$f" 2>/dev/null || true
  done
  if [ -f "$dir/.nepi-testbed" ]; then
    rm -rf -- "$dir"
  elif [ -e "$dir" ] && [ "$action" = down ]; then
    echo "testbed: $dir was not made by testbed.sh; left as it is" >&2
  fi
}

# The address of host index i (0 is the bridge) in the prefix.
addr() {
  local base=$1 i=$2
  local a b c d
  IFS=. read -r a b c d <<<"$base"
  local n=$(((a << 24) + (b << 16) + (c << 8) + d + i + 1))
  echo "$(((n >> 24) & 255)).$(((n >> 16) & 255)).$(((n >> 8) & 255)).$((n & 255))"
}

# Starts host i: its key, its home, its sshd_config, its address, its sshd (in the background
# of "up", several at once).
start_host() {
  local i=$1 a=$2 bits=$3 home_of_root=$4 rc=$5
  local h="$dir/host-$i"
  mkdir -p "$h/home"
  printf '%s\n' "$rc" >"$h/home/.bashrc"
  printf '. ~/.bashrc\n' >"$h/home/.profile"
  ssh-keygen -q -t ed25519 -N '' -C "$name-$i" -f "$h/ssh_host_ed25519_key"
  cat >"$h/sshd_config" <<EOF
ListenAddress $a:22
HostKey $h/ssh_host_ed25519_key
PidFile $h/sshd.pid
AuthorizedKeysFile $dir/id_ed25519.pub
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
MaxStartups 200:30:400
MaxSessions 10
ClientAliveInterval 15
LogLevel ERROR
EOF
  # Its own mount namespace, in which its home is mounted over root's: sshd, the sessions and
  # the shells it starts see this host's files only. One "ip -b" for the addresses (an "ip"
  # process costs tens of milliseconds); sshd daemonizes once listening.
  ip netns exec "$name-$i" unshare --mount --propagation private sh -c "
    printf 'addr add $a/$bits dev eth0\nlink set eth0 up\nlink set lo up\n' | ip -b - &&
    mount --bind '$h/home' '$home_of_root' &&
    exec /usr/sbin/sshd -f '$h/sshd_config' -E '$h/sshd.log'"
}

up() {
  local base=${prefix%/*} bits=${prefix#*/}
  [[ "$base" =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$ ]] && [[ "$bits" =~ ^[0-9]+$ ]] && [ "$bits" -ge 8 ] && [ "$bits" -le 30 ] ||
    die "--prefix must be an IPv4 prefix such as 198.18.50.0/24, got '$prefix'"
  [ $((count + 2)) -le $((1 << (32 - bits))) ] || die "$count hosts do not fit in $prefix"
  [ -n "$slow_rc" ] && ! [[ "$slow_rc" =~ ^[0-9]+(\.[0-9]+)?$ ]] && die "--slow-rc takes seconds such as 1.5, got '$slow_rc'"
  local home_of_root
  home_of_root=$(getent passwd root | cut -d: -f6)
  case $dir/ in "$home_of_root"/*) die "--dir must not be under $home_of_root (each host mounts its own home there)" ;; esac
  command -v sshd >/dev/null || [ -x /usr/sbin/sshd ] || die "sshd is missing (Debian: apt-get install openssh-server)"
  command -v ssh-keygen >/dev/null || die "ssh-keygen is missing (Debian: apt-get install openssh-client)"

  down
  mkdir -p "$dir" /run/sshd
  touch "$dir/.nepi-testbed"
  ssh-keygen -q -t ed25519 -N '' -C "nepi-testbed" -f "$dir/id_ed25519"

  local rc=""
  if [ -n "$slow_rc" ]; then
    # Burns $slow_rc seconds of this shell's CPU time (field 14 of /proc/$$/stat, in clock
    # ticks), without forking, as an rc file's "eval $(pyenv init -)" does.
    rc="__nepitb_end=\$(( \$(read -r -a s < /proc/\$\$/stat; echo \${s[13]}) + $(awk -v s="$slow_rc" 'BEGIN{printf "%d", s*100}') ))
while :; do
  for __nepitb_i in {1..2000}; do :; done
  read -r -a __nepitb_s < /proc/\$\$/stat
  [ \"\${__nepitb_s[13]}\" -ge \"\$__nepitb_end\" ] && break
done
unset __nepitb_end __nepitb_i __nepitb_s"
  fi

  ip link add "$bridge" type bridge
  ip addr add "$(addr "$base" 0)/$bits" dev "$bridge"
  ip link set "$bridge" up
  local batch="$dir/ip.batch" i a
  : >"$batch"
  for ((i = 1; i <= count; i++)); do
    echo "netns add $name-$i" >>"$batch"
  done
  ip -batch "$batch"
  : >"$batch"
  for ((i = 1; i <= count; i++)); do
    echo "link add ${name}v$i type veth peer name eth0 netns $name-$i" >>"$batch"
    echo "link set ${name}v$i master $bridge up" >>"$batch"
  done
  ip -batch "$batch"
  local jobs=0
  for ((i = 1; i <= count; i++)); do
    start_host "$i" "$(addr "$base" "$i")" "$bits" "$home_of_root" "$rc" &
    jobs=$((jobs + 1))
    if [ $jobs -ge 8 ]; then
      wait -n
      jobs=$((jobs - 1))
    fi
  done
  wait
  : >"$dir/known_hosts"
  : >"$dir/hosts"
  : >"$dir/pssh-hosts"
  for ((i = 1; i <= count; i++)); do
    a=$(addr "$base" "$i")
    echo "$a ssh-ed25519 $(cut -d' ' -f2 "$dir/host-$i/ssh_host_ed25519_key.pub")" >>"$dir/known_hosts"
    echo "$a" >>"$dir/hosts"
    echo "root@$a:22" >>"$dir/pssh-hosts"
  done
  rm -f "$batch"
  : >"$dir/hosts.tsv"
  for ((i = 1; i <= count; i++)); do
    local pidfile="$dir/host-$i/sshd.pid" tries=0
    while [ ! -s "$pidfile" ]; do
      tries=$((tries + 1))
      [ $tries -le 200 ] || die "sshd of $name-$i did not start; see $dir/host-$i/sshd.log"
      sleep 0.01
    done
    printf '%s\t%s\t%s\t%s\n' "$i" "$name-$i" "$(addr "$base" "$i")" "$(cat "$pidfile")" >>"$dir/hosts.tsv"
  done
  echo "testbed: $count hosts $(addr "$base" 1)..$(addr "$base" "$count") (bridge $bridge $(addr "$base" 0)); key $dir/id_ed25519, known hosts $dir/known_hosts, list $dir/hosts"
}

status() {
  [ -f "$dir/hosts.tsv" ] || die "no testbed in $dir"
  local i ns a pid up=0 all=0
  while IFS=$'\t' read -r i ns a pid; do
    all=$((all + 1))
    if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = sshd ]; then up=$((up + 1)); else echo "$ns ($a): sshd $pid is not running"; fi
  done <"$dir/hosts.tsv"
  echo "testbed: $up of $all sshd running"
}

"$action"
