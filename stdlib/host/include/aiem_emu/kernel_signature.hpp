#pragma once
// Reads a kernel function's signature: each parameter becomes a port (buffer, stream, cascade or
// RTP) in ADF's order (inputs numbered in[0..], outputs out[0..], each in parameter order), and
// one invocation builds the argument objects from the executor's state and calls the function.
#include <array>
#include <cstring>
#include <tuple>
#include <type_traits>
#include <utility>

#include "aiem_emu/design.hpp"
#include "aiem_emu/kernel_ports.hpp"

namespace aiem_emu {

// (enable_if rather than requires-clauses: adf.h also compiles as C++17, as a graph front end does.)
template <class A, class Enable = void>
struct arg_traits {
  static_assert(sizeof(A) == 0,
                "aiem host emulation: unsupported kernel parameter type (use input_buffer/"
                "output_buffer references, stream/cascade pointers, scalars or const T(&)[N] RTPs)");
};

namespace detail {
template <class E>
struct extent_dims;
template <unsigned... E>
struct extent_dims<adf::extents<E...>> {
  static std::vector<std::uint32_t> get() {
    if constexpr (sizeof...(E) == 0) return {};
    else if (((E == adf::inherited_extent) || ...)) return {};
    else return {E...};
  }
};
template <class M>
struct margin_of;
template <unsigned M>
struct margin_of<adf::margin<M>> {
  static constexpr std::size_t value = M;
};

// The RTP value the kernel sees for this invocation (see executor.hpp for the waiting rules).
inline AlignedBuffer rtp_value(KernelNode& k, PortState& p);
inline void publish_output_rtp(KernelNode& k, PortState& p, const void* v, std::size_t n);
}  // namespace detail

template <class T, adf::direction D, class E, class M, class Ad>
struct arg_traits<adf::io_buffer<T, D, E, M, Ad>&> {
  using buffer = adf::io_buffer<T, D, E, M, Ad>;
  static constexpr bool is_input = D == adf::direction::in;
  static void declare(PortState& p) {
    p.kind = PortKind::Buffer;
    p.elem = elem_type_of<T>();
    p.dims = detail::extent_dims<E>::get();
    p.margin = detail::margin_of<M>::value;
  }
  struct holder {
    buffer b;
    holder(KernelNode& k, PortState& p)
        : b(reinterpret_cast<T*>(k.storage.at(&p).data()), k.storage.at(&p).size() / sizeof(T)) {}
    buffer& get() { return b; }
    void after(KernelNode&, PortState&) {}
  };
};

template <class T, adf::direction D, bool C>
struct arg_traits<adf::stream_end<T, D, C>*> {
  using end = adf::stream_end<T, D, C>;
  static constexpr bool is_input = D == adf::direction::in;
  static void declare(PortState& p) {
    p.kind = C ? PortKind::Cascade : PortKind::Stream;
    p.elem = elem_type_of<T>();
  }
  struct holder {
    end e;
    static std::vector<Channel*> channels_of(PortState& p) {
      if (p.is_input) return {p.in_channel};
      std::vector<Channel*> out;
      for (auto& c : p.out_channels) out.push_back(c.get());
      return out;
    }
    holder(KernelNode& k, PortState& p) : e(channels_of(p), "kernel '" + k.name + "' (" + p.name + ")") {}
    end* get() { return &e; }
    void after(KernelNode&, PortState&) {}
  };
};

// Scalar input RTP, passed by value.
template <class T>
struct arg_traits<T, std::enable_if_t<std::is_arithmetic_v<T>>> {
  static constexpr bool is_input = true;
  static void declare(PortState& p) {
    p.kind = PortKind::RtpScalar;
    p.elem = elem_type_of<T>();
    p.rtp_elems = 1;
  }
  struct holder {
    T v;
    holder(KernelNode& k, PortState& p) {
      AlignedBuffer b = detail::rtp_value(k, p);
      std::memcpy(&v, b.data(), sizeof(T));
    }
    T get() { return v; }
    void after(KernelNode&, PortState&) {}
  };
};

// Array input RTP: const T(&)[N].
template <class T, std::size_t N>
struct arg_traits<const T (&)[N]> {
  static constexpr bool is_input = true;
  static void declare(PortState& p) {
    p.kind = PortKind::RtpArray;
    p.elem = elem_type_of<T>();
    p.rtp_elems = N;
  }
  struct holder {
    AlignedBuffer v;  // this invocation's copy: an asynchronous update cannot change it mid-call
    holder(KernelNode& k, PortState& p) : v(detail::rtp_value(k, p)) {}
    const T (&get())[N] { return *reinterpret_cast<const T(*)[N]>(v.data()); }
    void after(KernelNode&, PortState&) {}
  };
};

// Scalar output RTP: T&.
template <class T>
struct arg_traits<T&, std::enable_if_t<std::is_arithmetic_v<T>>> {
  static constexpr bool is_input = false;
  static void declare(PortState& p) {
    p.kind = PortKind::RtpScalar;
    p.elem = elem_type_of<T>();
    p.rtp_elems = 1;
  }
  struct holder {
    T v{};
    holder(KernelNode&, PortState&) {}
    T& get() { return v; }
    void after(KernelNode& k, PortState& p) { detail::publish_output_rtp(k, p, &v, sizeof(T)); }
  };
};

// Array output RTP: T(&)[N].
template <class T, std::size_t N>
struct arg_traits<T (&)[N], std::enable_if_t<!std::is_const_v<T>>> {
  static constexpr bool is_input = false;
  static void declare(PortState& p) {
    p.kind = PortKind::RtpArray;
    p.elem = elem_type_of<T>();
    p.rtp_elems = N;
  }
  struct holder {
    AlignedBuffer v{sizeof(T) * N};
    holder(KernelNode&, PortState&) {}
    T (&get())[N] { return *reinterpret_cast<T(*)[N]>(v.data()); }
    void after(KernelNode& k, PortState& p) { detail::publish_output_rtp(k, p, v.data(), v.size()); }
  };
};

// Declares the ports of fn on node k and installs its invoker.
template <class... Args>
void bind_kernel(KernelNode& k, void (*fn)(Args...)) {
  std::array<PortState*, sizeof...(Args)> ports{};
  std::size_t i = 0;
  auto add = [&](bool input, auto declare) {
    auto& list = input ? k.in : k.out;
    PortState& p = list.emplace_back();
    p.node = &k;
    p.is_input = input;
    p.index = int(list.size() - 1);
    p.name = k.name + (input ? ".in[" : ".out[") + std::to_string(p.index) + "]";
    declare(p);
    ports[i++] = &p;
  };
  (add(arg_traits<Args>::is_input, [](PortState& p) { arg_traits<Args>::declare(p); }), ...);
  k.invoke = [fn, ports](KernelNode& kn) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      std::tuple<typename arg_traits<Args>::holder...> h{
          typename arg_traits<Args>::holder(kn, *ports[I])...};
      fn(std::get<I>(h).get()...);
      (std::get<I>(h).after(kn, *ports[I]), ...);
    }(std::index_sequence_for<Args...>{});
  };
}

}  // namespace aiem_emu
