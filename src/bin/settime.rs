//! The `settime` binary: all of it is in the library (`src/settime/`).

fn main() {
    dnssec_kit::settime::main()
}
