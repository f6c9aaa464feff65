import Foundation
import Testing
import PricePropTestSupport

/// The benchmark's C reference (bench/c_reference.c) runs the same tick as the engine: compiled with the
/// system `cc`, on small networks of each technology it knows, its checksums after 40 ticks of the default
/// market agree with `priceprop run --csv` to 10 significant digits (bench/networks.py compares them).
/// `cheap-cd` starts every market price at 0.01, so prices climb by the rule's largest step and halve it
/// when they overshoot (`ClearingTatonnement`'s full steps, which the other networks never take).
/// Needs `cc` and `python3` on PATH, as scripts/bench.sh does, and fails without them.
@Suite struct CReferenceTests {
    static let ticks = 40

    @Test(arguments: ["cd", "ces", "stages", "cheap-cd"])
    func checksumsAgreeWithTheEngine(kind: String) throws {
        // The benchmark needs both, so a machine without them fails here rather than passing unchecked.
        let cc = try #require(Subprocess.onPath("cc"), "the C compiler 'cc' is not on PATH")
        let python = try #require(Subprocess.onPath("python3"), "'python3' is not on PATH")
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let binary = directory + "/c_reference", scenario = directory + "/\(kind).json"
        let networks = Paths.root + "/bench/networks.py"
        let compiled = try Subprocess.pipe(cc, ["-O2", "-o", binary, Paths.root + "/bench/c_reference.c", "-lm"], input: "")
        #expect(compiled.status == 0, "\(compiled.err)")
        let shape = ["--layers", "3", "--goods", "5", "--firms-per-good", "4", "--inputs", "2"]
        if kind == "cd" {
            let generated = try Subprocess.run(["generate", "layered"] + shape + ["-o", scenario], in: directory)
            #expect(generated.status == 0, "\(generated.err)")
        } else {
            let write = kind == "cheap-cd" ? ["cd", "--initial-price", "0.01"] : [kind]
            let written = try Subprocess.pipe(python, [networks, "write"] + write + shape + ["-o", scenario], input: "")
            #expect(written.status == 0, "\(written.err)")
        }
        let dumped = try Subprocess.pipe(python, [networks, "dump", scenario, "-o", directory + "/net.dump"], input: "")
        #expect(dumped.status == 0, "\(dumped.err)")
        let reference = try Subprocess.pipe(binary, [directory + "/net.dump", "--ticks", "\(Self.ticks)"], input: "")
        #expect(reference.status == 0, "\(reference.err)")
        try reference.out.write(toFile: directory + "/c.txt", atomically: true, encoding: .utf8)
        _ = try Subprocess.run(["run", scenario, "--ticks", "\(Self.ticks)", "--every", "1000000", "--csv",
                                directory + "/run.csv", "--quiet", "--threads", "1"], in: directory)
        let checked = try Subprocess.pipe(python, [networks, "check", directory + "/c.txt", directory + "/run.csv"], input: "")
        #expect(checked.status == 0, "\(checked.out)\(checked.err)")
        #expect(checked.out.contains("checksums after \(Self.ticks) ticks agree to 10 significant digits"), "\(checked.out)")
    }
}
