# Shared set-up for ./hwgen and ./test: installs missing Debian tools when allowed and builds HwGen when stale.
# Sourced, not run. Set HWGEN_NO_INSTALL=1 to only print the install command.

hwgen_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
hwgen_packages=(verilator yosys iverilog fonts-dejavu-core ccache g++ make)
# Only the test suite needs these: its Slurm test starts a single-node cluster of its own (docs/sweep.md).
hwgen_test_packages=(slurm-wlm munge)
# Training (`hwgen train`) and Fashion-MNIST test sets need PyTorch under Debian's python3 and the dataset; installed
# only when a verb needs them (hwgen_ensure_training_packages), without recommends (about 220 packages instead of more).
hwgen_training_packages=(python3-torch dataset-fashion-mnist)

hwgen_missing_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  echo "${missing[@]}"
}

# Installs the missing packages of the lists given (default: the tools ./hwgen needs), or prints the command.
# Leading arguments that start with '-' are apt-get install options (e.g. --no-install-recommends).
hwgen_ensure_packages() {
  local options=()
  while [ "$#" -gt 0 ] && [ "${1#-}" != "$1" ]; do options+=("$1"); shift; done
  if [ "$#" -eq 0 ]; then set -- "${hwgen_packages[@]}"; fi
  # Checked once per change of the dpkg database and per package list: a stamp newer than dpkg's status file means
  # nothing changed since every package of this list was found (dpkg-query costs about 10 ms a package).
  local stamp
  stamp="$hwgen_root/.build/packages-$(echo "${options[*]} $*" | cksum | cut -d' ' -f1).ok"
  [ -f "$stamp" ] && [ "$stamp" -nt /var/lib/dpkg/status ] && return 0
  local missing
  missing="$(hwgen_missing_packages "$@")"
  if [ -z "$missing" ]; then
    mkdir -p "$hwgen_root/.build" && touch "$stamp"
    return 0
  fi
  local cmd="apt-get update && apt-get install -y${options[*]:+ ${options[*]}} $missing"
  if [ "${HWGEN_NO_INSTALL:-0}" != "1" ] && command -v apt-get >/dev/null; then
    local sudo=""
    if [ "$(id -u)" != "0" ]; then
      if sudo -n true 2>/dev/null; then sudo="sudo -n"; else sudo="none"; fi
    fi
    if [ "$sudo" != "none" ]; then
      echo "hwgen: installing missing packages: $missing" >&2
      if $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 \
        && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${options[@]}" $missing >/dev/null; then
        return 0
      fi
      echo "hwgen: package installation failed" >&2
    fi
  fi
  echo "hwgen: missing packages: $missing; install them with: sudo sh -c '$cmd'" >&2
}

hwgen_ensure_dotnet() {
  if ! command -v dotnet >/dev/null; then
    echo "hwgen: the .NET 10 SDK is required (dotnet not found on PATH)" >&2
    exit 3
  fi
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
}

# Publishes the CLI into .build/cli when any source is newer than the last publication. The staleness check runs on
# every call, so it is one pruned `find` that stops at the first newer file, and the lock is taken only to build.
hwgen_ensure_cli() {
  local out="$hwgen_root/.build/cli"
  local stamp="$out/.published"
  hwgen_cli_current "$stamp" && return 0
  # One build at a time: a second ./hwgen waits for the first instead of building into the same folder.
  mkdir -p "$hwgen_root/.build"
  exec 9>"$hwgen_root/.build/cli.lock"
  command -v flock >/dev/null && flock 9
  if ! hwgen_cli_current "$stamp"; then
    hwgen_build_cli "$out" "$stamp"
  fi
  exec 9>&-  # release the lock: running CLIs do not hold it
}

# True when the published CLI is newer than every source.
hwgen_cli_current() {
  local stamp="$1"
  [ -f "$stamp" ] && [ -z "$(find "$hwgen_root/generator" "$hwgen_root/templates" "$hwgen_root/hwconfigs" "$hwgen_root/testbenches" \
      "$hwgen_root/verilator" "$hwgen_root/training" "$hwgen_root/Directory.Build.props" "$hwgen_root/Directory.Packages.props" \
      \( -name bin -o -name obj -o -name HwGen.Tests -o -name HwGen.Benchmarks -o -name __pycache__ \) -prune -o -newer "$stamp" -type f -print -quit 2>/dev/null)" ]
}

# The runtime identifier of this machine, for the ReadyToRun publication.
hwgen_rid() {
  case "$(uname -m)" in
    aarch64 | arm64) echo linux-arm64 ;;
    *) echo linux-x64 ;;
  esac
}

# ReadyToRun publication (precompiled code: the CLI starts in well under 0.1 s, docs/performance.md); the runtime
# pack it needs restores from the NuGet feed like any package. Without it, a plain publication still works.
hwgen_build_cli() {
  local out="$1" stamp="$2"
  local project="$hwgen_root/generator/HwGen.Cli/HwGen.Cli.csproj"
  echo "hwgen: building..." >&2
  local log
  log="$(mktemp)"
  rm -rf "$out.new"
  if ! dotnet publish "$project" -c Release -r "$(hwgen_rid)" --self-contained false -p:PublishReadyToRun=true \
      -o "$out.new" --nologo -v q >"$log" 2>&1; then
    echo "hwgen: ReadyToRun publication failed; publishing without it (slower start-up):" >&2
    grep -E 'error' "$log" | head -5 >&2 || true
    rm -rf "$out.new"
    if ! dotnet publish "$project" -c Release -o "$out.new" --nologo -v q >"$log" 2>&1; then
      cat "$log" >&2
      rm -f "$log"
      echo "hwgen: build failed" >&2
      exit 1
    fi
  fi
  rm -f "$log"
  rm -rf "$out"
  mv "$out.new" "$out"
  touch "$stamp"
}

# Synthesis and gate-level tools, only for the verbs that need them (`hwgen synth`, `hwgen run --gate-level`, the
# test suite): nextpnr-ice40 and fpga-icestorm as packages; the OSU 0.18 um cells of qflow-tech-osu018 as files only
# (`apt-get download` + `dpkg -x` into the hwgen cache: the package itself would pull in qflow and ~14 packages).
hwgen_synth_packages=(nextpnr-ice40 fpga-icestorm)

hwgen_cache_root() {
  if [ -n "${HWGEN_CACHE:-}" ]; then echo "$HWGEN_CACHE";
  elif [ -n "${XDG_CACHE_HOME:-}" ]; then echo "$XDG_CACHE_HOME/hwgen";
  else echo "$HOME/.cache/hwgen"; fi
}

# True when the arguments ask for synthesis or a gate-level run.
hwgen_needs_synth() {
  [ "${1:-}" = "synth" ] && return 0
  local a
  for a in "$@"; do [ "$a" = "--gate-level" ] && return 0; done
  # A sweep with gate-level points (mode: gate-level, or a mode axis that lists it).
  if [ "${1:-}" = "sweep" ]; then
    for a in "$@"; do [ -f "$a" ] && grep -q 'gate-level' "$a" && return 0; done
  fi
  return 1
}

hwgen_ensure_osu018() {
  [ -n "${HWGEN_OSU018_DIR:-}" ] && [ -f "$HWGEN_OSU018_DIR/osu018_stdcells.lib" ] && return 0
  [ -f /usr/share/qflow/tech/osu018/osu018_stdcells.lib ] && return 0
  local target
  target="$(hwgen_cache_root)/tech/qflow-tech-osu018"
  [ -f "$target/usr/share/qflow/tech/osu018/osu018_stdcells.lib" ] && return 0
  local cmd="cd \$(mktemp -d) && apt-get download qflow-tech-osu018 && dpkg -x qflow-tech-osu018_*.deb '$target'"
  if [ "${HWGEN_NO_INSTALL:-0}" != "1" ] && command -v apt-get >/dev/null && command -v dpkg >/dev/null; then
    local tmp
    tmp="$(mktemp -d)"
    echo "hwgen: fetching the OSU 0.18 um cell library (qflow-tech-osu018, files only) into $target" >&2
    if (cd "$tmp" && apt-get download -qq qflow-tech-osu018 >/dev/null 2>&1 && mkdir -p "$target" && dpkg -x qflow-tech-osu018_*.deb "$target"); then
      rm -rf "$tmp"
      return 0
    fi
    rm -rf "$tmp"
    echo "hwgen: could not fetch qflow-tech-osu018 (run 'sudo apt-get update' first?)" >&2
  fi
  echo "hwgen: the OSU 0.18 um cell library is missing; get it with: $cmd" >&2
}

hwgen_ensure_synth_tools() {
  hwgen_ensure_packages "${hwgen_synth_packages[@]}"
  hwgen_ensure_osu018
}

hwgen_ensure_training_packages() {
  hwgen_ensure_packages --no-install-recommends "${hwgen_training_packages[@]}"
}

# True when the hwgen arguments need the training packages: the train verb, or a spec that names Fashion-MNIST as
# its test set (workload.test_set.dataset).
hwgen_needs_training_packages() {
  [ "${1:-}" = "train" ] && return 0
  local arg
  for arg in "$@"; do
    case "$arg" in
      *.yaml|*.yml) [ -f "$arg" ] && grep -Eq '^[[:space:]]*dataset:[[:space:]]*fashion-mnist' "$arg" && return 0 ;;
    esac
  done
  return 1
}
