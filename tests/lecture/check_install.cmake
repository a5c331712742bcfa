# Installs the build into a scratch prefix and checks what a user gets: the binary (and that it runs), the
# desktop entry, the scenarios, the built-in networks, the icons in every size and the man page.
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
  share/man/man1/dataflow-lab.1
  share/icons/hicolor/scalable/apps/dataflow-lab.svg
  share/dataflow-lab/networks/vgg-f.json)
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
message(STATUS "installed ${PREFIX}: ${expected}")
