//! The `keymgr` binary: all of it is in the library (`src/keymgr/`).

fn main() {
    dnssec_kit::keymgr::main()
}
