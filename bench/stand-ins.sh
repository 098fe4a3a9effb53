#!/usr/bin/env bash
# What each stand-in of scripts/stand-ins.mjs saves. Builds publish once with every stand-in
# and once without each (scripts/build.mjs --without=NAME --out=DIR), then times what the
# stand-in changes: a dry-run of one article when it is in the CLI bundle; loading and
# creating the client when it is in a client bundle (what the first send pays for it).
#
# Four figures per stand-in, each "without minus with":
#   wall   median over ROUNDS of hyperfine's median wall time (3 runs of each per round,
#          alternating, so both sides see the same load);
#   min    the fastest of all those runs: the closest to an idle machine;
#   cpu    as wall, for user + system CPU time, which waiting for a busy CPU does not inflate;
#   instr  instructions executed (valgrind's callgrind, median of CG_RUNS), independent of
#          the machine's load: the figure to trust on a shared machine.
#
#   bash bench/stand-ins.sh                    # needs hyperfine and valgrind (apt-get install …)
#   ROUNDS=20 CG_RUNS=7 bash bench/stand-ins.sh
#   MEASURE=time bash bench/stand-ins.sh       # or MEASURE=instructions; default both
#   ONLY=zod-trim,no-linkify bash bench/stand-ins.sh
#
# Not part of `npm run bench`: it takes 10–40 minutes. A stand-in that saves less than 5 ms
# of what it is there for is deleted, not kept (see the top of scripts/stand-ins.mjs).
set -euo pipefail
unset NODE_EXTRA_CA_CERTS NODE_OPTIONS
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-15}
CG_RUNS=${CG_RUNS:-5}
MEASURE=${MEASURE:-both}
work=$(mktemp -d "${TMPDIR:-/tmp}/publish-stand-ins.XXXXXX")
trap 'rm -rf "$work"' EXIT

variant() { # name [build options]
  local dir="$work/$1"
  mkdir -p "$dir"
  cp -r bin examples channels.yaml "$dir/"
  ln -s "$PWD/node_modules" "$dir/node_modules"
  node scripts/build.mjs --out="$dir/dist" "${@:2}" 2>/dev/null
  # loads one client bundle as src/clients/load.ts does, and creates the client as its channel does
  cat > "$dir/load-client.mjs" <<'EOF'
import { runBundle } from './dist/run-bundle.mjs';
const name = process.argv[2];
const { exports: m, cache } = runBundle(new URL(`./dist/vendor/${name}.cjs`, import.meta.url).pathname);
if (cache !== 'accepted') throw new Error(`stored code ${cache}`);
if (name === 'got') m.got.extend({ retry: { limit: 0 }, throwHttpErrors: false, followRedirect: true });
if (name === 'telegraf') new m.Telegram('123:abc', { apiRoot: 'http://127.0.0.1:9/', webhookReply: false });
if (name === 'youtube') m.youtube({ version: 'v3', auth: new m.auth.OAuth2({ clientId: 'id', clientSecret: 'secret' }), rootUrl: 'http://127.0.0.1:9/' });
EOF
}

command_for() { # variant bundle: what measures the bundle (run from the repository, for channels.yaml)
  case "$2" in
    main) echo "node $work/$1/bin/publish.js --dry-run $work/$1/examples/istanbul-talks.md" ;;
    *) echo "node $work/$1/load-client.mjs $2" ;;
  esac
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

times_ms() { # with without → "wall min cpu" savings in ms (see the top)
  : > "$work/rounds"
  for _ in $(seq "$ROUNDS"); do
    hyperfine -N -w 1 -r 3 --export-json "$work/h.json" "$1" "$2" >/dev/null 2>&1
    node -e '
      const [a, b] = require(process.argv[1]).results;
      const cpu = (r) => r.user + r.system;
      console.log(((b.median - a.median) * 1000).toFixed(2), ((cpu(b) - cpu(a)) * 1000).toFixed(2), a.min * 1000, b.min * 1000);' "$work/h.json" >> "$work/rounds"
  done
  local min_a min_b
  min_a=$(cut -d' ' -f3 "$work/rounds" | sort -g | head -1)
  min_b=$(cut -d' ' -f4 "$work/rounds" | sort -g | head -1)
  echo "$(cut -d' ' -f1 "$work/rounds" | median) $(node -e 'console.log((process.argv[2] - process.argv[1]).toFixed(2))' "$min_a" "$min_b") $(cut -d' ' -f2 "$work/rounds" | median)"
}

instructions() { # command…: callgrind's count for one run
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | sed -n 's/.*Collected : //p'
}

instructions_saved() { # with without → millions of instructions (median without − median with)
  : > "$work/cg-with"
  : > "$work/cg-without"
  for _ in $(seq "$CG_RUNS"); do # interleaved
    instructions $1 >> "$work/cg-with"
    instructions $2 >> "$work/cg-without"
  done
  node -e 'console.log(((process.argv[2] - process.argv[1]) / 1e6).toFixed(1))' "$(median < "$work/cg-with")" "$(median < "$work/cg-without")"
}

echo "building into $work …" >&2
variant all
names=$(node -e "import('./scripts/stand-ins.mjs').then((m) => console.log(m.STAND_INS.map((s) => s.name).join(' ')))")
printf '%-20s %-9s %9s %9s %9s %10s\n' stand-in measures 'wall ms' 'min ms' 'cpu ms' 'instr (M)'
for name in $names; do
  [[ -n "${ONLY:-}" && ",$ONLY," != *",$name,"* ]] && continue
  variant "without-$name" --without="$name"
  # Only the bundles the stand-in changes are measured.
  for bundle in main vendor/got vendor/telegraf vendor/youtube; do
    cmp -s "$work/all/dist/$bundle.cjs" "$work/without-$name/dist/$bundle.cjs" && continue
    short=${bundle#vendor/}
    with=$(command_for all "$short")
    without=$(command_for "without-$name" "$short")
    wall=- min=- cpu=- instr=-
    [[ $MEASURE != instructions ]] && read -r wall min cpu < <(times_ms "$with" "$without")
    [[ $MEASURE != time ]] && instr=$(instructions_saved "$with" "$without")
    printf '%-20s %-9s %9s %9s %9s %10s\n' "$name" "$short" "$wall" "$min" "$cpu" "$instr"
  done
done
