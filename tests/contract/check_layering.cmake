# SPDX-License-Identifier: GPL-3.0-or-later
# The dependency rule of docs/architecture.md "Layers", checked on the sources: no file in a module folder includes
# the registry (core/modules/) or the scenario loader (core/scenario/), and no file in views/<module>/ includes the
# view registry. A module that did would sit both above and below them.
# Usage: cmake -DSOURCE_DIR=... -P check_layering.cmake
set(violations "")

# Appends to `violations` every include matching `pattern` in the sources below each of `dirs`.
function(find_includes pattern)
  foreach(dir ${ARGN})
    file(GLOB_RECURSE sources ${dir}/*.h ${dir}/*.cpp)
    foreach(f ${sources})
      file(STRINGS ${f} hits REGEX "${pattern}")
      foreach(h ${hits})
        list(APPEND violations "${f}: ${h}")
      endforeach()
    endforeach()
  endforeach()
  set(violations ${violations} PARENT_SCOPE)
endfunction()

file(GLOB core_dirs LIST_DIRECTORIES true ${SOURCE_DIR}/core/*)
set(module_dirs "")
foreach(dir ${core_dirs})
  get_filename_component(name ${dir} NAME)
  if(IS_DIRECTORY ${dir} AND NOT name MATCHES "^(sim|network|training|contract|modules|scenario)$")
    list(APPEND module_dirs ${dir})
  endif()
endforeach()
find_includes("#include \"core/(modules|scenario)/" ${module_dirs})

file(GLOB view_entries LIST_DIRECTORIES true ${SOURCE_DIR}/views/*)
set(view_dirs "")
foreach(dir ${view_entries})
  if(IS_DIRECTORY ${dir})
    list(APPEND view_dirs ${dir})
  endif()
endforeach()
find_includes("#include \"views/module_view_registry.h\"" ${view_dirs})

if(violations)
  list(JOIN violations "\n  " text)
  message(FATAL_ERROR "module files include what sits above them (docs/architecture.md \"Layers\"):\n  ${text}")
endif()
