# SPDX-License-Identifier: GPL-3.0-or-later
# GUI sources of the app (included from app/CMakeLists.txt when DFL_BUILD_GUI is on).
# dfl_gui: the main window and GUI entry points, a library so the view tests can drive the real window.
add_library(dfl_gui STATIC
  ${CMAKE_CURRENT_LIST_DIR}/gui_main.cpp
  ${CMAKE_CURRENT_LIST_DIR}/main_window.cpp
  ${CMAKE_CURRENT_LIST_DIR}/export_all.cpp
  ${CMAKE_CURRENT_LIST_DIR}/presentation_mode.cpp
  ${CMAKE_CURRENT_LIST_DIR}/window_layout.cpp
)
target_include_directories(dfl_gui PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(dfl_gui PUBLIC dfl_views dfl_batch Qt6::Widgets Qt6::Charts Qt6::Svg)

target_link_libraries(dataflow-lab PRIVATE dfl_gui)
target_compile_definitions(dataflow-lab PRIVATE DFL_WITH_GUI)
