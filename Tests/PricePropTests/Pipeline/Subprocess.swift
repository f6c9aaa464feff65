#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing

/// The built `priceprop` executable run as a real process, for what only a process shows: signals, exit
/// statuses, standard output that fails.
struct Subprocess {
    let pid: pid_t
    /// Where standard output and standard error go.
    let outPath: String, errPath: String

    /// Starts `priceprop arguments…` with SIGINT and SIGTERM blocked, so a signal sent at any moment, even
    /// before the program installs its handlers, waits for them instead of killing it by the default
    /// action; standard output goes to `stdout` (a path, or `nil` for a file next to standard error's), and
    /// `closeStandardOutput` starts it with descriptor 1 closed.
    static func start(
        _ arguments: [String], in directory: String, stdout: String? = nil, closeStandardOutput: Bool = false
    ) throws -> Subprocess {
        let binary = try #require(RuntimeRobustnessTests.executable(), "the priceprop executable is built next to the tests")
        let outPath = stdout ?? directory + "/stdout.txt", errPath = directory + "/stderr.txt"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if closeStandardOutput {
            posix_spawn_file_actions_addclose(&actions, 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        }
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t()
        sigemptyset(&mask)
        sigaddset(&mask, SIGINT)
        sigaddset(&mask, SIGTERM)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv: [UnsafeMutablePointer<CChar>?] = ([binary] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, binary, &actions, &attributes, argv, environ)
        guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EINVAL) }
        return Subprocess(pid: pid, outPath: outPath, errPath: errPath)
    }

    /// Runs to the end and returns its status (see ``wait()``) and what it wrote.
    static func run(
        _ arguments: [String], in directory: String, stdout: String? = nil, closeStandardOutput: Bool = false
    ) throws -> (status: Int32, out: String, err: String) {
        let process = try start(arguments, in: directory, stdout: stdout, closeStandardOutput: closeStandardOutput)
        let status = process.wait()
        return (status, process.standardOutput, process.standardError)
    }

    func signal(_ number: Int32) { kill(pid, number) }

    /// Waits for the end: the exit status, or 1000 + the signal that killed it.
    func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 1000 + signal
    }

    var standardOutput: String { (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "" }
    var standardError: String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }

    /// Runs another program (`executable` with `arguments`) to the end with `input` on its standard input:
    /// its exit status and what it wrote to standard output and standard error.
    static func pipe(_ executable: String, _ arguments: [String], input: String) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    /// The first executable called `name` on `PATH`, if any.
    static func onPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
