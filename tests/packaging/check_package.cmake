# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the Debian package with CPack and checks its contents list (dpkg -c) for the binary, the desktop entry,
# the scenarios, the icons, the man page and the copyright file. Slow (packs everything): only with -DDFL_TEST_PACKAGE=ON.
# -DBUILD_DIR=... -DSCENARIOS_DIR=... -DCPACK=<cpack executable>
# CPack itself rather than the `package` target, which would first build every test of the tree: the package
# holds only what the install rules name, and CTest runs after the build anyway.
execute_process(COMMAND ${CPACK} -G DEB --config ${BUILD_DIR}/CPackConfig.cmake -B ${BUILD_DIR}
                WORKING_DIRECTORY ${BUILD_DIR} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "cpack failed (${code}):\n${out}\n${err}")
endif()
file(GLOB debs ${BUILD_DIR}/dataflow-lab_*.deb)
list(LENGTH debs n)
if(n EQUAL 0)
  message(FATAL_ERROR "no dataflow-lab_*.deb in ${BUILD_DIR}")
endif()
list(SORT debs)
list(GET debs -1 deb)
execute_process(COMMAND dpkg-deb -c ${deb} RESULT_VARIABLE code OUTPUT_VARIABLE listing)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "dpkg-deb -c ${deb} failed")
endif()
set(expected ./usr/bin/dataflow-lab ./usr/share/applications/dataflow-lab.desktop ./usr/share/man/man1/dataflow-lab.1.gz
    ./usr/share/doc/dataflow-lab/copyright ./usr/share/doc/dataflow-lab/changelog.gz
    ./usr/share/icons/hicolor/48x48/apps/dataflow-lab.png ./usr/share/dataflow-lab/networks/vgg-f.json)
file(GLOB scenarios RELATIVE ${SCENARIOS_DIR} ${SCENARIOS_DIR}/*.json)
foreach(s IN LISTS scenarios)
  list(APPEND expected ./usr/share/dataflow-lab/scenarios/${s})
endforeach()
foreach(f IN LISTS expected)
  string(FIND "${listing}" " ${f}\n" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${deb} lacks ${f}:\n${listing}")
  endif()
endforeach()
execute_process(COMMAND dpkg-deb -f ${deb} Depends OUTPUT_VARIABLE depends)
message(STATUS "${deb}: ${n} package(s), Depends: ${depends}")
