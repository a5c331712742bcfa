#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Adds "SPDX-License-Identifier: GPL-3.0-or-later" to every tracked source file that lacks it: the first line of
# C++ files, the line after the shebang of scripts, the first line of CMake files otherwise. Idempotent, so it can be
# re-run after merges; tests/licence/check_spdx_headers.cmake (ctest -R licence_headers) checks the result.
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files -z -- '*.cpp' '*.h' '*.cmake' '*CMakeLists.txt' '*.sh' '*.py' |
while IFS= read -r -d '' f; do
  grep -q 'SPDX-License-Identifier:' "$f" && continue
  case "$f" in
    *.cpp|*.h) sed -i '1i // SPDX-License-Identifier: GPL-3.0-or-later' "$f" ;;
    *) if head -n1 "$f" | grep -q '^#!'; then sed -i '1a # SPDX-License-Identifier: GPL-3.0-or-later' "$f"
       else sed -i '1i # SPDX-License-Identifier: GPL-3.0-or-later' "$f"; fi ;;
  esac
done
