#!/usr/bin/env bash
# Throwaway real WordPress (Debian 12 packages) on 127.0.0.1 for integration tests.
# Adapted from the verified recipe in /work/shared/reference/wordpress-ci.sh.
#   scripts/wordpress-ci.sh packages       # apt-get install (skipped if already installed)
#   scripts/wordpress-ci.sh start [--plain] # fresh DB + WP install + two app passwords -> $D/env
#                                           # pretty permalinks on, unless --plain
#   scripts/wordpress-ci.sh stop           # kill by saved PIDs, remove config and state
# The env file holds WP_URL, WP_USER, WP_APP_PASSWORD (administrator) and
# WP_CONTRIB_USER, WP_CONTRIB_APP_PASSWORD (a contributor: may not publish).
# Needs root (apt-get, writes /etc/wordpress, runs mariadbd as mysql).
set -euo pipefail
D=${WP_CI_DIR:-/tmp/publish-wp-ci}
PORT=${WP_CI_PORT:-8080}
URL="http://127.0.0.1:$PORT"
CONF=/etc/wordpress/config-127.0.0.1.php   # Debian wp-config.php: config-<Host header without :port>.php
SOCK="$D/run/mysql.sock"
WP_ADMIN=admin
WP_ADMIN_PASS=admin-pass-123
WP_CONTRIB=contrib

packages() {
  if dpkg -s wordpress mariadb-server php-cli php-mysql >/dev/null 2>&1; then return 0; fi
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    wordpress mariadb-server php-cli php-mysql
}

start() {
  local pretty=1
  case "${1:-}" in
    "") ;;
    --plain) pretty=0 ;;
    *) echo "usage: $0 start [--plain]" >&2; exit 2 ;;
  esac
  stop                                            # clear leftovers of an earlier run
  if curl -s -o /dev/null "$URL/"; then echo "port $PORT already in use" >&2; exit 1; fi
  trap 'echo "wordpress-ci: start failed at line $LINENO; logs in $D" >&2' ERR
  mkdir -p "$D/run" "$D/wp-content/uploads"
  chown mysql:mysql "$D/run"                      # mariadbd runs as mysql: socket/pid/log go here

  # --- MariaDB: private datadir, unix socket only (--skip-networking: no TCP port at all)
  mariadb-install-db --no-defaults --user=mysql --datadir="$D/db" \
    --auth-root-authentication-method=socket --skip-test-db --innodb-log-file-size=8M \
    >"$D/db-install.log" 2>&1
  /usr/sbin/mariadbd --no-defaults --user=mysql --datadir="$D/db" --socket="$SOCK" \
    --pid-file="$D/run/mysql.pid" --skip-networking --log-error="$D/run/mysql.err" \
    --innodb-log-file-size=8M \
    </dev/null >/dev/null 2>&1 &
  echo $! >"$D/mariadbd.pid"
  for _ in $(seq 150); do mariadb-admin --socket="$SOCK" ping >/dev/null 2>&1 && break; sleep 0.1; done
  mariadb --socket="$SOCK" -uroot -e "
    CREATE DATABASE wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    CREATE USER 'wp'@'localhost' IDENTIFIED BY 'wp-pass';
    GRANT ALL ON wordpress.* TO 'wp'@'localhost';"

  # --- WordPress config; private wp-content (uploads) that reuses the packaged themes/plugins
  for x in plugins themes languages; do ln -s "/var/lib/wordpress/wp-content/$x" "$D/wp-content/$x"; done
  cat >"$CONF" <<EOF
<?php
define('DB_NAME', 'wordpress');
define('DB_USER', 'wp');
define('DB_PASSWORD', 'wp-pass');
define('DB_HOST', 'localhost:$SOCK');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
foreach (['AUTH_KEY','SECURE_AUTH_KEY','LOGGED_IN_KEY','NONCE_KEY',
          'AUTH_SALT','SECURE_AUTH_SALT','LOGGED_IN_SALT','NONCE_SALT'] as \$k) define(\$k, "ci-\$k");
define('WP_HOME', '$URL');
define('WP_SITEURL', '$URL');
define('WP_CONTENT_DIR', '$D/wp-content');
define('WP_CONTENT_URL', '$URL/wp-content');
define('WP_ENVIRONMENT_TYPE', 'local');      // Application Passwords over plain http
define('WP_HTTP_BLOCK_EXTERNAL', true);      // WP may only call itself (127.0.0.1)
define('AUTOMATIC_UPDATER_DISABLED', true);
define('DISABLE_WP_CRON', true);
EOF
  # php -S serves /usr/share/wordpress; map /wp-content/* (uploads) to WP_CONTENT_DIR
  cat >"$D/router.php" <<EOF
<?php
\$p = parse_url(\$_SERVER['REQUEST_URI'], PHP_URL_PATH);
if (strncmp(\$p, '/wp-content/', 12) === 0) {
    \$f = '$D/wp-content' . substr(\$p, 11);
    if (is_file(\$f) && substr(\$f, -4) !== '.php') {
        header('Content-Type: ' . (mime_content_type(\$f) ?: 'application/octet-stream'));
        readfile(\$f);
        return true;
    }
}
return false;
EOF

  # --- PHP built-in server, 4 workers (WP makes loopback requests to itself), own process group
  PHP_CLI_SERVER_WORKERS=4 setsid sh -c 'echo $$ >"$1"; shift; exec "$@"' sh "$D/php.pid" \
    php -S "127.0.0.1:$PORT" -t /usr/share/wordpress "$D/router.php" </dev/null >"$D/php.log" 2>&1 &
  for _ in $(seq 100); do curl -s -o /dev/null "$URL/wp-login.php" && break; sleep 0.1; done

  # --- Non-interactive install (what the browser form posts)
  curl -fsS -o "$D/install.html" "$URL/wp-admin/install.php?step=2" \
    --data-urlencode 'weblog_title=CI Blog' --data-urlencode "user_name=$WP_ADMIN" \
    --data-urlencode "admin_password=$WP_ADMIN_PASS" --data-urlencode "admin_password2=$WP_ADMIN_PASS" \
    --data-urlencode 'admin_email=admin@example.com' --data-urlencode 'blog_public=0'
  grep -q '<h1>Success!</h1>' "$D/install.html" || { echo "WordPress install failed; see $D/php.log" >&2; exit 1; }

  # --- In-process (no cookie/nonce dance): contributor user, both application passwords,
  #     permalinks. Prints "<admin app password>\n<contributor app password>".
  local apps
  apps=$(HTTP_HOST="127.0.0.1:$PORT" WP_ADMIN="$WP_ADMIN" WP_CONTRIB="$WP_CONTRIB" WP_PRETTY="$pretty" php -r '
    $_SERVER["HTTP_HOST"] = getenv("HTTP_HOST");
    require "/usr/share/wordpress/wp-load.php";
    function fail($e) { fwrite(STDERR, $e->get_error_message() . "\n"); exit(1); }
    $admin = get_user_by("login", getenv("WP_ADMIN"));
    $cid = wp_insert_user(["user_login" => getenv("WP_CONTRIB"), "user_pass" => wp_generate_password(24),
                           "user_email" => "contrib@example.com", "display_name" => "Contributor",
                           "role" => "contributor"]);
    if (is_wp_error($cid)) fail($cid);
    $a = WP_Application_Passwords::create_new_application_password($admin->ID, ["name" => "ci"]);
    if (is_wp_error($a)) fail($a);
    $c = WP_Application_Passwords::create_new_application_password($cid, ["name" => "ci"]);
    if (is_wp_error($c)) fail($c);
    // The installer already turns on date-based permalinks when its loopback probe succeeds
    // (it does under php -S), so "plain" has to be set explicitly as well.
    update_option("permalink_structure", getenv("WP_PRETTY") === "1" ? "/%postname%/" : "");
    flush_rewrite_rules(false);     // no .htaccess: php -S routes every missing path to index.php
    echo $a[0], "\n", $c[0], "\n";')
  local app_admin app_contrib
  app_admin=$(sed -n 1p <<<"$apps")
  app_contrib=$(sed -n 2p <<<"$apps")
  [ -n "$app_admin" ] && [ -n "$app_contrib" ] || { echo "application passwords missing" >&2; exit 1; }
  umask 077
  printf 'WP_URL=%s\nWP_USER=%s\nWP_APP_PASSWORD=%s\nWP_CONTRIB_USER=%s\nWP_CONTRIB_APP_PASSWORD=%s\n' \
    "$URL" "$WP_ADMIN" "$app_admin" "$WP_CONTRIB" "$app_contrib" >"$D/env"

  # --- Smoke test: authenticated REST call through the root each mode advertises
  local api="$URL/?rest_route=/wp/v2/users/me&_fields=id,slug"
  [ "$pretty" = 1 ] && api="$URL/wp-json/wp/v2/users/me?_fields=id,slug"
  curl -fsS -u "$WP_ADMIN:$app_admin" "$api" >/dev/null
  echo "WordPress ready at $URL ($([ "$pretty" = 1 ] && echo pretty || echo plain) permalinks; credentials in $D/env)"
}

ours() { [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -qF "$D"; }  # never kill a recycled PID

stop() {
  local pid
  if [ -f "$D/php.pid" ] && pid=$(cat "$D/php.pid") && ours "$pid"; then
    kill -TERM -- "-$pid"                         # whole process group: workers outlive a parent-only kill
  fi
  if [ -f "$D/mariadbd.pid" ] && pid=$(cat "$D/mariadbd.pid") && ours "$pid"; then
    kill -TERM "$pid"                             # clean InnoDB shutdown
    for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$CONF"
  rm -rf "$D"
}

cmd=${1:?usage: $0 packages|start [--plain]|stop}
shift
case "$cmd" in
  packages) packages ;;
  start) start "$@" ;;
  stop) stop ;;
  *) echo "usage: $0 packages|start [--plain]|stop" >&2; exit 2 ;;
esac
