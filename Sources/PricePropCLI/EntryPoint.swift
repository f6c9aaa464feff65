#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The process entry point: the only place that touches the real arguments, streams and exit.
@main
enum EntryPoint {
    static func main() {
        Interruption.install()
        // A closed pipe then fails the write with EPIPE, which is reported, instead of killing the process.
        _ = signal(SIGPIPE, SIG_IGN)
        var io = CommandIO.standard()
        let status = CommandLineTool.main(arguments: Array(CommandLine.arguments.dropFirst()), io: &io)
        exit(io.finish(status: status))
    }
}
