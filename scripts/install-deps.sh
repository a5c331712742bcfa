#!/usr/bin/env bash
# Installs what Dataflow Lab needs on Debian 12 (skips the work when everything is already there).
set -euo pipefail
packages=(g++ cmake ninja-build pkg-config
          qt6-base-dev qt6-charts-dev qt6-svg-dev libqt6opengl6-dev libgl-dev
          libeigen3-dev libboost-serialization-dev zlib1g-dev
          dataset-fashion-mnist xvfb xauth fonts-dejavu-core
          clang libclang-rt-14-dev)  # clang: the libFuzzer targets (fuzz/, CI's fuzz smoke job)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y --no-install-recommends "${missing[@]}"
fi
