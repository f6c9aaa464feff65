import PriceProp

/// `--threads` beyond the machine: results are the same bits for every thread count, so more threads than
/// cores only add switching (4096 threads ran ten times slower than 2). Such a request is capped at the core
/// count, with a note on standard error.
enum ThreadCount {
    /// `requested`, or the core count when that is smaller (noting it unless `quiet`).
    static func capped(_ requested: Int, io: inout CommandIO, quiet: Bool) -> Int {
        let cores = ParallelRuns.defaultThreads
        guard requested > cores else { return requested }
        if !quiet {
            io.err.write("\(CommandLineTool.name): note: --threads \(requested) is more than the \(cores) core\(cores == 1 ? "" : "s") here; using \(cores) (results are the same for any count)\n")
        }
        return cores
    }
}
