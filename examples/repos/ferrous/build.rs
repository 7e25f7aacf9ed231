// Build script: compile the C ring buffer (native/ring.c) into a static
// library and link it into the crate.
//
// Environment knobs:
//   FERROUS_NATIVE_DEBUG=1   build the C code without optimisation and with
//                            assertions, to step through it in a debugger.
//   FERROUS_NATIVE_CFLAGS    extra flags passed verbatim to the C compiler,
//                            split on whitespace (e.g. "-fsanitize=address").

use std::env;

fn main() {
    println!("cargo:rerun-if-changed=native/ring.c");
    println!("cargo:rerun-if-changed=native/ring.h");
    println!("cargo:rerun-if-env-changed=FERROUS_NATIVE_DEBUG");
    println!("cargo:rerun-if-env-changed=FERROUS_NATIVE_CFLAGS");

    let debug = env::var("FERROUS_NATIVE_DEBUG").map(|v| v == "1").unwrap_or(false);

    let mut build = cc::Build::new();
    build
        .file("native/ring.c")
        .include("native")
        .flag_if_supported("-std=c99")
        .warnings(true)
        .extra_warnings(true);

    if debug {
        build.opt_level(0).debug(true);
    } else {
        build.define("NDEBUG", None);
    }

    if let Ok(extra) = env::var("FERROUS_NATIVE_CFLAGS") {
        for flag in extra.split_whitespace() {
            build.flag(flag);
        }
    }

    build.compile("fe_ring");
}
