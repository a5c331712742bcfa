#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what Dataflow Lab needs on Debian 12 (skips the work when everything is already there).
set -euo pipefail
# xvfb, xauth and openbox: test_window_manager runs the window under a real X server and window manager (qt6-qpa-plugins
# has Qt's X11 platform).
# libonnx-dev and libprotobuf-dev: ONNX import (Debian ships onnx.proto compiled, so no protoc); parallel: the
# cluster-sweep test (tests/cli). python3-onnx is needed only to regenerate tests/data/onnx, not to build or test.
packages=(g++ cmake ninja-build pkg-config
          qt6-base-dev qt6-charts-dev qt6-svg-dev libqt6opengl6-dev libgl-dev
          libeigen3-dev libopenblas-pthread-dev libboost-serialization-dev zlib1g-dev
          libonnx-dev libprotobuf-dev parallel
          dataset-fashion-mnist xvfb xauth openbox qt6-qpa-plugins fonts-dejavu-core
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
