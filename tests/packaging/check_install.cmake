# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the build into a scratch prefix and checks what a user gets: the binary (and that it runs), the
# desktop entry, the scenarios, the built-in networks and energy tables, the icons in every size, the man page (gzipped, as Debian
# wants it) and /usr/share/doc/dataflow-lab: the DEP-5 copyright file and the gzipped changelog.
# -DBUILD_DIR=... -DPREFIX=... -DSCENARIOS_DIR=<source scenarios>
file(REMOVE_RECURSE ${PREFIX})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX}
                RESULT_VARIABLE code OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${code}):\n${err}")
endif()

set(expected
  bin/dataflow-lab
  share/applications/dataflow-lab.desktop
  share/man/man1/dataflow-lab.1.gz
  share/doc/dataflow-lab/copyright
  share/doc/dataflow-lab/changelog.gz
  share/icons/hicolor/scalable/apps/dataflow-lab.svg
  share/dataflow-lab/networks/vgg-f.json
  share/dataflow-lab/energy/horowitz-45nm.json)
foreach(size 16 32 48 64 128 256)
  list(APPEND expected share/icons/hicolor/${size}x${size}/apps/dataflow-lab.png)
endforeach()
file(GLOB scenarios RELATIVE ${SCENARIOS_DIR} ${SCENARIOS_DIR}/*.json)
foreach(s IN LISTS scenarios)
  list(APPEND expected share/dataflow-lab/scenarios/${s})
endforeach()
foreach(f IN LISTS expected)
  if(NOT EXISTS ${PREFIX}/${f})
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()

file(READ ${PREFIX}/share/applications/dataflow-lab.desktop desktop)
foreach(key "Exec=dataflow-lab" "Icon=dataflow-lab" "Type=Application")
  string(FIND "${desktop}" "${key}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the desktop entry lacks '${key}'")
  endif()
endforeach()

# The installed binary runs and finds the installed scenarios (not the source tree's).
execute_process(COMMAND ${PREFIX}/bin/dataflow-lab --version RESULT_VARIABLE code OUTPUT_VARIABLE out)
if(NOT code EQUAL 0 OR NOT out MATCHES "^dataflow-lab [0-9]")
  message(FATAL_ERROR "installed dataflow-lab --version: exit ${code}, output '${out}'")
endif()
execute_process(COMMAND ${PREFIX}/bin/dataflow-lab batch ${PREFIX}/share/dataflow-lab/scenarios/network-mnist-cnn.json
                RESULT_VARIABLE code OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "installed batch run failed (${code}): ${err}")
endif()
if(EXISTS ${PREFIX}/share/man/man1/dataflow-lab.1)
  message(FATAL_ERROR "the man page is installed uncompressed too")
endif()

# The gzipped documents decompress, the man page still reads with man -l, and the changelog's latest entry is
# the version the binary reports (a version bump needs a changelog entry).
find_program(GZIP gzip REQUIRED)
execute_process(COMMAND ${GZIP} -dc ${PREFIX}/share/man/man1/dataflow-lab.1.gz RESULT_VARIABLE code OUTPUT_VARIABLE man)
if(NOT code EQUAL 0 OR NOT man MATCHES "^\\.TH DATAFLOW-LAB 1")
  message(FATAL_ERROR "dataflow-lab.1.gz does not decompress to the man page (gzip exit ${code})")
endif()
find_program(MAN man)
if(MAN)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env MANPAGER=cat MANWIDTH=100 ${MAN} -l ${PREFIX}/share/man/man1/dataflow-lab.1.gz
                  RESULT_VARIABLE code OUTPUT_VARIABLE rendered ERROR_VARIABLE err)
  if(NOT code EQUAL 0 OR NOT rendered MATCHES "dataflow-lab +compare +A +B")
    message(FATAL_ERROR "man -l dataflow-lab.1.gz: exit ${code}, no 'dataflow-lab compare' in:\n${rendered}\n${err}")
  endif()
endif()
string(REGEX MATCH "^dataflow-lab ([0-9][^\n]*)" _ "${out}")
set(version ${CMAKE_MATCH_1})
execute_process(COMMAND ${GZIP} -dc ${PREFIX}/share/doc/dataflow-lab/changelog.gz RESULT_VARIABLE code OUTPUT_VARIABLE changelog)
if(NOT code EQUAL 0 OR NOT changelog MATCHES "^dataflow-lab \\(${version}\\) ")
  message(FATAL_ERROR "changelog.gz (gzip exit ${code}) does not start with an entry for ${version}")
endif()

# Machine-readable copyright (DEP-5) that covers every third-party file the package ships.
file(READ ${PREFIX}/share/doc/dataflow-lab/copyright copyright)
if(NOT copyright MATCHES "^Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n")
  message(FATAL_ERROR "share/doc/dataflow-lab/copyright is not in the DEP-5 format")
endif()
file(GLOB third_party RELATIVE ${SCENARIOS_DIR} ${SCENARIOS_DIR}/topologies/*.csv)
foreach(f IN LISTS third_party)
  string(FIND "${copyright}" "scenarios/${f}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the copyright file does not list scenarios/${f}")
  endif()
endforeach()
message(STATUS "installed ${PREFIX}: ${expected}")
