#!/usr/bin/env bash
# `make demo`: set up the database, demo accounts and partner register, generate a small synthetic
# Guizhou province (about 1 % of a year, the three years ending this year) unless the database already
# holds simulated data, then run the inquiry-network simulator, the background worker, the scheduler and the web server.
# Ctrl-C stops them all.
#
# Environment: DATABASE_URL / ZHIYUAN_VAR_DIR as for every zhiyuan command (default var/zhiyuan.sqlite3);
# ZHIYUAN_DEMO_SCALE, ZHIYUAN_DEMO_YEARS, ZHIYUAN_DEMO_SEED change the province; ZHIYUAN_DEMO_ADDR the
# address (127.0.0.1:8000); ZHIYUAN_DEMO_NO_SERVE=1 prepares everything and exits (for timing and CI);
# ZHIYUAN_DEMO_GATEWAY_PORT the port of the inquiry-network simulator (8900) that the demo runs as its own
# process and points the platform at (ZHIYUAN_GATEWAY_URL), unless ZHIYUAN_GATEWAY_URL names a network.
set -euo pipefail
cd "$(dirname "$0")/.."

ZHIYUAN=.venv/bin/zhiyuan
SCALE=${ZHIYUAN_DEMO_SCALE:-0.01}
YEARS=${ZHIYUAN_DEMO_YEARS:-3}
SEED=${ZHIYUAN_DEMO_SEED:-1}
ADDR=${ZHIYUAN_DEMO_ADDR:-127.0.0.1:8000}
started=$(date +%s)

echo "== 数据库与参考数据 database and reference data =="
$ZHIYUAN setup --demo-users

if $ZHIYUAN help organizations >/dev/null 2>&1; then
  echo "== 调解组织名册（演示） demo partner register =="
  $ZHIYUAN organizations demo --seed "$SEED"
fi

echo "== 模拟贵州全省 synthetic Guizhou province (scale $SCALE, $YEARS years) =="
$ZHIYUAN simulate province --seed "$SEED" --scale "$SCALE" --years "$YEARS" --if-empty

echo "== 演示账号的待办 the demo accounts' work (cases, deadlines, titles, approvals, mediations) =="
$ZHIYUAN simulate demo-work
$ZHIYUAN simulate enforcement --seed "$SEED"

echo "== 执行案件繁简分流 triage of the enforcement cases not yet triaged =="
$ZHIYUAN enforcement triage --all

echo "== 案由与纠纷类型建议模型 intake suggester (trained on the platform's own mediations) =="
$ZHIYUAN mediation train

echo "== 指标汇总表 indicator rollups =="
$ZHIYUAN indicators refresh

echo "== 准备完成 ready in $(($(date +%s) - started)) s =="
cat <<EOF

  执源 zhiyuan: http://${ADDR}/        (登录 sign in: /accounts/login/, API: /api/docs)

  演示账号 demo accounts — 用户名为角色代码 the user name is the role code, 密码 password: Zhiyuan#2026
EOF
$ZHIYUAN shell --no-imports -c 'from zhiyuan.accounts.matrix import matrix
for code, role in matrix().roles.items(): print(f"    {code:28} {role.zh}")' || true
echo "    (仅供演示 demo only; never in production)"
echo

if [ "${ZHIYUAN_DEMO_NO_SERVE:-}" = 1 ]; then
  exit 0
fi

# the inquiry network: the shipped simulator (docs/gateway.md), as its own process, unless one is named
gateway=
if [ -z "${ZHIYUAN_GATEWAY_URL:-}" ]; then
  GATEWAY_PORT=${ZHIYUAN_DEMO_GATEWAY_PORT:-8900}
  $ZHIYUAN gateway-sim --host 127.0.0.1 --port "$GATEWAY_PORT" --seed "$SEED" --latency-ms 200 &
  gateway=$!
  export ZHIYUAN_GATEWAY_URL="http://127.0.0.1:${GATEWAY_PORT}"
fi
echo "网络查控 inquiry network: $ZHIYUAN_GATEWAY_URL"

$ZHIYUAN db_worker &
worker=$!
$ZHIYUAN scheduler &
scheduler=$!
stop_worker() {
  kill "$worker" "$scheduler" $gateway 2>/dev/null || true
  wait "$worker" "$scheduler" $gateway 2>/dev/null || true
}
trap stop_worker EXIT INT TERM
$ZHIYUAN runserver "$ADDR"
