# Sourced by the build scripts: ccache settings that let a fresh clone (CI's, or a second
# checkout) reuse what any other checkout of this machine compiled.
# - BASEDIR makes the paths on the compiler's command line relative to the checkout.
# - SLOPPINESS accepts the precompiled headers and ignores file times.
# - NOHASHDIR: with -g (the sanitizer and fuzzing builds) ccache would otherwise hash the
#   working directory, so that no other clone ever hits; the price is that debug info may
#   name the directory of the checkout that compiled an object first.
export CCACHE_BASEDIR="$PWD"
export CCACHE_SLOPPINESS="pch_defines,time_macros,include_file_mtime,include_file_ctime"
export CCACHE_NOHASHDIR=1
