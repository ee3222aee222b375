#pragma once
// Host emulation of AMD's ADF graph API (the subset aiemc's generated projects use), so that a
// generated graph.cpp and its kernels build with g++ and run on x86. See docs/host-emulation.md.
#include "aiem_emu/adf_graph.hpp"
#include "aiem_emu/kernel_ports.hpp"
