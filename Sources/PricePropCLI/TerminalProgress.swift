#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PriceProp

/// The progress line of long runs, sweeps and sensitivities: redrawn in place on standard error when it is a
/// terminal, absent otherwise (pipes, files, CI logs) and with `--quiet`.
enum TerminalProgress {
    /// A reporter drawing on standard error, or `nil` when quiet or standard error is not a terminal.
    static func reporter(quiet: Bool) -> ProgressReporter? {
        guard !quiet, isatty(2) == 1 else { return nil }
        return ProgressReporter { progress in
            // Carriage return, the line, then erase to the end of the line.
            writeStandardError("\r" + progress.line + "\u{1B}[K")
        }
    }

    /// Erases the progress line, if one was drawn, so that what follows starts on a clean line.
    static func finish(_ reporter: ProgressReporter?) {
        if let reporter, reporter.linesReported > 0 { writeStandardError("\r\u{1B}[K") }
    }

    /// Written unbuffered and at once, from whichever thread reports.
    private static func writeStandardError(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
            if written <= 0 { return }
            offset += written
        }
        bytes.removeAll()
    }
}
