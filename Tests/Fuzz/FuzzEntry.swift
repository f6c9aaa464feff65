#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The libFuzzer entry point, built by `scripts/fuzz.sh` with the library, the command line's sources and
// `Tests/PricePropTests/CLI/FuzzCase.swift` as one module (so no `import` of the package here).

/// Where each input's scenario is written: one file per fuzzing process.
private let scenarioFile = "/tmp/priceprop-fuzz-\(getpid()).json"

@_cdecl("LLVMFuzzerTestOneInput")
public func priceProp(fuzzing data: UnsafePointer<UInt8>, size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    if let problem = FuzzCase.problem(input, file: scenarioFile) {
        // A behaviour the pipeline promises not to show counts as a crash: libFuzzer keeps the input.
        fputs("priceprop fuzz: \(problem)\n", stderr)
        abort()
    }
    return 0
}
