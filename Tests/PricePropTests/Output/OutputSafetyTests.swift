#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization
import Testing
import PriceProp
@testable import PricePropScenario
@testable import PricePropOutput
import PricePropTestSupport

/// Outputs never overwrite an input or each other, go through symbolic links, leave devices and FIFOs what
/// they are, and leave no temporary file.
@Suite struct OutputSafetyTests {
    private func contents(of directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    private func fileType(_ path: String) -> mode_t {
        var status = stat()
        return lstat(path, &status) == 0 ? status.st_mode & S_IFMT : 0
    }

    @Test func anOutputNamingAnInputOrAnotherOutputIsRefused() throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let input = directory + "/in.json"
        try AtomicFile.write("{}", to: input)
        try FileManager.default.createSymbolicLink(atPath: directory + "/alias.json", withDestinationPath: "in.json")
        for same in [input, directory + "/./in.json", directory + "/alias.json"] {
            #expect(throws: FileError(path: same, reason: .sameFile(as: "the scenario file"))) {
                try AtomicFile.checkDistinct(inputs: [(input, "the scenario file")], outputs: [(same, "--csv")])
            }
        }
        // Two outputs onto one file that does not exist yet.
        #expect(throws: FileError(path: directory + "/./x", reason: .sameFile(as: "--csv"))) {
            try AtomicFile.checkDistinct(inputs: [], outputs: [(directory + "/x", "--csv"), (directory + "/./x", "--plot")])
        }
        // Standard output, character devices and inputs that do not exist are not clashes.
        try AtomicFile.checkDistinct(inputs: [(directory + "/missing", "the scenario file")],
                                     outputs: [("-", "--csv"), ("-", "--plot"), ("/dev/null", "--csv"),
                                               ("/dev/null", "--plot"), (directory + "/missing2", "-o")])
        #expect(FileError(path: "in.json", reason: .sameFile(as: "the scenario file")).description
            == "in.json: is the same file as the scenario file; refusing to overwrite it")
    }

    @Test func writingThroughASymbolicLinkReplacesItsTarget() throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: directory + "/link.csv", withDestinationPath: "data/target.csv")
        try AtomicFile.write("dangling link: target created\n", to: directory + "/link.csv")
        try AtomicFile.write("second write\n", to: directory + "/link.csv")
        #expect(fileType(directory + "/link.csv") == S_IFLNK)
        #expect(try AtomicFile.read(directory + "/data/target.csv") == "second write\n")
        #expect(try contents(of: directory) == ["data", "link.csv"])
        #expect(try contents(of: directory + "/data") == ["target.csv"])
        // A link into a missing directory names the directory that is missing.
        try FileManager.default.createSymbolicLink(atPath: directory + "/broken.csv", withDestinationPath: "gone/t.csv")
        #expect(throws: FileError(path: directory + "/gone/t.csv", reason: .directoryMissing)) {
            try AtomicFile.checkWritable(directory + "/broken.csv")
        }
    }

    @Test func devicesAndFIFOsAreWrittenInPlace() throws {
        try AtomicFile.write("discarded\n", to: "/dev/null")
        #expect(fileType("/dev/null") == S_IFCHR)
        #expect(throws: FileError(path: "/dev/full", reason: .noSpace)) { try AtomicFile.write("x", to: "/dev/full") }
        #expect(fileType("/dev/full") == S_IFCHR)

        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fifo = directory + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        let received = Mutex("")
        let reader = Thread {
            let text = (try? AtomicFile.read(fifo)) ?? "read failed"
            received.withLock { $0 = text }
        }
        reader.start()
        try AtomicFile.checkWritable(fifo)
        try AtomicFile.write("through the pipe\n", to: fifo)
        while received.withLock({ $0.isEmpty }) { Thread.sleep(forTimeInterval: 0.01) }
        #expect(received.withLock { $0 } == "through the pipe\n")
        #expect(fileType(fifo) == S_IFIFO)
        #expect(try contents(of: directory) == ["pipe"])
    }

    @Test func staleTemporaryFilesOfEndedProcessesAreRemoved() throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // No process has this id (beyond any pid_max), so its file is stale; ours and other names stay.
        let stale = ".out.csv.tmp-2147483646-3", ours = ".out.csv.tmp-\(getpid())-999999", other = ".other.csv.tmp-2147483646-1"
        for name in [stale, ours, other] { try AtomicFile.write("x", to: directory + "/" + name) }
        try AtomicFile.write("a,b\n", to: directory + "/out.csv")
        #expect(try contents(of: directory) == [ours, other, "out.csv"].sorted())
    }

    /// Every temporary file is registered for the signal handler (``TemporaryFiles/removeAll()``, exercised
    /// by the signal tests in real processes) while it exists, and forgotten once renamed or removed.
    @Test func temporaryFilesAreRegisteredExactlyWhileTheyExist() throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let committed = try AtomicFile.Stream(path: directory + "/kept.csv")
        try committed.write("kept\n")
        let abandoned = try AtomicFile.Stream(path: directory + "/lost.csv")
        let temporaries = try contents(of: directory).map { directory + "/" + $0 }
        #expect(temporaries.count == 2)
        #expect(temporaries.allSatisfy(TemporaryFiles.contains))
        try committed.commit()
        abandoned.discard()
        #expect(!temporaries.contains(where: TemporaryFiles.contains))
        #expect(try contents(of: directory) == ["kept.csv"])
        #expect(try AtomicFile.read(directory + "/kept.csv") == "kept\n")
    }

    @Test func readsAreBoundedWhateverTheFile() throws {
        #expect(throws: FileError(path: "/dev/zero", reason: .notText)) { try AtomicFile.read("/dev/zero") }
        #expect(throws: FileError(path: "/dev/urandom", reason: .notText)) { try AtomicFile.read("/dev/urandom") }
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/big.csv"
        try AtomicFile.write(String(repeating: "1,2\n", count: 300), to: path)
        #expect(throws: FileError(path: path, reason: .tooLarge(limit: 1024))) { try AtomicFile.read(path, limit: 1024) }
        #expect(try AtomicFile.read(path, limit: 1200).count == 1200)
        // A FIFO states no size: read until the limit is passed, then refused.
        let fifo = directory + "/endless"
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Thread {
            // One write that the pipe's buffer takes whole, so the reader closing early never fails it.
            let descriptor = open(fifo, O_WRONLY)
            let text = Array(String(repeating: "1,2\n", count: 2048).utf8)
            _ = write(descriptor, text, text.count)
            close(descriptor)
        }
        writer.start()
        #expect(throws: FileError(path: fifo, reason: .tooLarge(limit: 4096))) { try AtomicFile.read(fifo, limit: 4096) }
        #expect(FileError(path: "x", reason: .tooLarge(limit: 512 << 20)).message == "larger than 512 MiB, the most accepted")
        #expect(throws: ScenarioLoadError.unreadable(path: "/dev/zero", reason: "not a text file (it sent a NUL byte)")) {
            try Scenario.load(contentsOf: "/dev/zero")
        }
    }
}
