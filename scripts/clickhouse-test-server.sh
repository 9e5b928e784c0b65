#!/usr/bin/env bash
# Starts Debian's clickhouse-server for the tests: HTTP on 127.0.0.1:<port>, TCP on <port>+1,
# data, logs and pid under <dir>. Waits until it answers. Usage: clickhouse-test-server.sh DIR PORT
set -euo pipefail
dir=$1
port=$2
mkdir -p "$dir/data" "$dir/tmp" "$dir/log"
cat > "$dir/config.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$dir/log/server.log</log><errorlog>$dir/log/err.log</errorlog></logger>
  <http_port>$port</http_port>
  <tcp_port>$((port + 1))</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>$dir/data/</path>
  <tmp_path>$dir/tmp/</tmp_path>
  <users_config>/etc/clickhouse-server/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>53687091</mark_cache_size>
</yandex>
XML
clickhouse-server --config-file="$dir/config.xml" > "$dir/log/stdout" 2>&1 &
echo $! > "$dir/pid"
for _ in $(seq 1 60); do
  if curl -sf "http://127.0.0.1:$port/?query=SELECT%201" > /dev/null 2>&1; then exit 0; fi
  sleep 0.5
done
echo "clickhouse-server did not answer on 127.0.0.1:$port; see $dir/log" >&2
exit 1
