// libsystemc needs an sc_main (declared extern "C" in <systemc>); the fuzz
// targets have libFuzzer's main and never start the SystemC kernel.
extern "C" int sc_main(int, char **) { return 0; }
