# Installed as a CMake package: find_package(aiem) + target_link_libraries(app aiem::aiem), and
# aiem::onnx for aiem::import_onnx.
include(CMakePackageConfigHelpers)

install(TARGETS aiem aiem_import_onnx aiem_host_emu aiem_kernels EXPORT aiemTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/dsl/include/aiem DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/stdlib/std DESTINATION ${CMAKE_INSTALL_DATADIR}/aiem/stdlib)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/stdlib/devices/ DESTINATION ${CMAKE_INSTALL_DATADIR}/aiem/devices
  FILES_MATCHING PATTERN "*.json")
# Host emulation headers (adf.h, aie_api/, aiem_emu/) and the CMake helper aiem_emulate().
install(DIRECTORY ${PROJECT_SOURCE_DIR}/stdlib/host/include/ DESTINATION ${CMAKE_INSTALL_DATADIR}/aiem/host/include)
install(FILES ${PROJECT_SOURCE_DIR}/cmake/AiemEmulate.cmake DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/aiem)
install(EXPORT aiemTargets NAMESPACE aiem:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/aiem)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/aiemConfig.cmake.in
  ${PROJECT_BINARY_DIR}/aiemConfig.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/aiem)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/aiemConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/aiemConfig.cmake ${PROJECT_BINARY_DIR}/aiemConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/aiem)
