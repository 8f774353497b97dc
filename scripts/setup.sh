# Shared set-up for ./hwgen and ./test: installs missing Debian tools when allowed and builds HwGen when stale.
# Sourced, not run. Set HWGEN_NO_INSTALL=1 to only print the install command.

hwgen_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
hwgen_packages=(verilator yosys iverilog fonts-dejavu-core ccache g++ make)

# Training (hwgen train) and test sets of Fashion-MNIST need PyTorch under Debian's python3 and the dataset; only
# installed when a verb needs them (hwgen_ensure_training_packages).
hwgen_training_packages=(python3-torch dataset-fashion-mnist)

# Prints the packages of the list given as arguments that are not installed.
hwgen_missing_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  echo "${missing[@]}"
}

# Installs the missing packages of a list (root or password-less sudo) or prints the exact command.
# Usage: hwgen_install_packages "EXTRA APT OPTIONS" PACKAGE...
hwgen_install_packages() {
  local options="$1"
  shift
  local missing
  missing="$(hwgen_missing_packages "$@")"
  [ -z "$missing" ] && return 0
  local cmd="apt-get update && apt-get install -y${options:+ $options} $missing"
  if [ "${HWGEN_NO_INSTALL:-0}" != "1" ] && command -v apt-get >/dev/null; then
    local sudo=""
    if [ "$(id -u)" != "0" ]; then
      if sudo -n true 2>/dev/null; then sudo="sudo -n"; else sudo="none"; fi
    fi
    if [ "$sudo" != "none" ]; then
      echo "hwgen: installing missing packages: $missing" >&2
      # shellcheck disable=SC2086
      if $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 \
        && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $options $missing >/dev/null; then
        return 0
      fi
      echo "hwgen: package installation failed" >&2
    fi
  fi
  echo "hwgen: missing packages: $missing; install them with: sudo sh -c '$cmd'" >&2
}

hwgen_ensure_packages() {
  hwgen_install_packages "" "${hwgen_packages[@]}"
}

hwgen_ensure_training_packages() {
  hwgen_install_packages "--no-install-recommends" "${hwgen_training_packages[@]}"
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

hwgen_ensure_dotnet() {
  if ! command -v dotnet >/dev/null; then
    echo "hwgen: the .NET 10 SDK is required (dotnet not found on PATH)" >&2
    exit 3
  fi
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
}

# Builds the CLI into .build/cli when any source is newer than the last build.
hwgen_ensure_cli() {
  local out="$hwgen_root/.build/cli"
  local stamp="$out/hwgen.dll"
  # One build at a time: a second ./hwgen waits for the first instead of building into the same folder.
  mkdir -p "$hwgen_root/.build"
  exec 9>"$hwgen_root/.build/cli.lock"
  command -v flock >/dev/null && flock 9
  if hwgen_cli_current "$stamp"; then
    exec 9>&-
    return 0
  fi
  hwgen_build_cli "$out" "$stamp"
  exec 9>&-  # release the lock: running CLIs do not hold it
}

# True when the built CLI is newer than every source.
hwgen_cli_current() {
  local stamp="$1"
  [ -f "$stamp" ] && [ -z "$(find "$hwgen_root/generator" "$hwgen_root/templates" "$hwgen_root/hwconfigs" "$hwgen_root/testbenches" "$hwgen_root/verilator" "$hwgen_root/training" \
      "$hwgen_root/Directory.Build.props" "$hwgen_root/Directory.Packages.props" \
      -newer "$stamp" -type f -not -path '*/bin/*' -not -path '*/obj/*' -not -path '*/__pycache__/*' 2>/dev/null | head -1)" ]
}

hwgen_build_cli() {
  local out="$1" stamp="$2"
  echo "hwgen: building..." >&2
  local log
  log="$(mktemp)"
  if ! dotnet build "$hwgen_root/generator/HwGen.Cli/HwGen.Cli.csproj" -c Release -o "$out" --nologo -v q >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "hwgen: build failed" >&2
    exit 1
  fi
  rm -f "$log"
  touch "$stamp"
}
