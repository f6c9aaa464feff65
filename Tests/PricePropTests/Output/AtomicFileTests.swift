import Foundation
import Testing
import PriceProp
@testable import PricePropOutput

@Suite struct AtomicFileTests {
    /// A fresh empty directory under the system temporary directory, removed by the caller.
    private func makeDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("atomic-file-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func contents(of directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    @Test func writeReplacesContentAndLeavesNoTemporaryFile() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/run.csv"
        try AtomicFile.write("first\n", to: path)
        #expect(try AtomicFile.read(path) == "first\n")
        try AtomicFile.write("second, longer content\n", to: path)
        #expect(try AtomicFile.read(path) == "second, longer content\n")
        try AtomicFile.write("", to: path)
        #expect(try AtomicFile.read(path) == "")
        #expect(try contents(of: directory) == ["run.csv"])
    }

    @Test func existingFileKeepsItsMode() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/out.json"
        try AtomicFile.write("{}", to: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        try AtomicFile.write("[]", to: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func missingDirectoryIsDetectedBeforeWriting() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/no/such/dir/run.csv"
        #expect(throws: FileError(path: path, reason: .directoryMissing)) { try AtomicFile.checkWritable(path) }
        #expect(throws: FileError(path: path, reason: .directoryMissing)) { try AtomicFile.write("x", to: path) }
        let error = FileError(path: "out/run.csv", reason: .directoryMissing)
        #expect(error.description == "out/run.csv: directory 'out' does not exist")
    }

    @Test func fileInPlaceOfDirectoryIsDetected() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try AtomicFile.write("x", to: directory + "/plain")
        let path = directory + "/plain/run.csv"
        #expect(throws: FileError(path: path, reason: .directoryMissing)) { try AtomicFile.checkWritable(path) }
    }

    @Test func directoryAsDestinationIsRejected() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(throws: FileError(path: directory, reason: .isADirectory)) { try AtomicFile.checkWritable(directory) }
    }

    #if os(Linux)
    /// sysfs refuses new files even to the superuser, so this runs the refusal path whoever runs the tests.
    @Test func refusedDirectoryIsDetectedForAnyUser() throws {
        let path = "/sys/priceprop-probe.csv"
        #expect(throws: FileError(path: path, reason: .permissionDenied)) { try AtomicFile.checkWritable(path) }
    }
    #endif

    @Test func unwritableDirectoryIsDetectedWithoutLeavingFiles() throws {
        let directory = try makeDirectory()
        defer {
            try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory)
            try? FileManager.default.removeItem(atPath: directory)
        }
        try AtomicFile.checkWritable(directory + "/ok.csv")
        #expect(try contents(of: directory).isEmpty)
        try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: directory)
        let path = directory + "/run.csv"
        if geteuid() == 0 {
            // The superuser may write anywhere: the check must agree with what a write would do.
            try AtomicFile.checkWritable(path)
            #expect(try contents(of: directory).isEmpty)
            return
        }
        #expect(throws: FileError(path: path, reason: .permissionDenied)) { try AtomicFile.checkWritable(path) }
        #expect(throws: FileError(path: path, reason: .permissionDenied)) { try AtomicFile.write("x", to: path) }
        #expect(try contents(of: directory).isEmpty)
    }

    @Test func standardOutputPathIsNotAFile() throws {
        #expect(AtomicFile.isStandardOutput("-"))
        try AtomicFile.checkWritable("-")
        #expect(AtomicFile.directory(of: "run.csv") == ".")
        #expect(AtomicFile.directory(of: "/run.csv") == "/")
        #expect(AtomicFile.directory(of: "a/b/run.csv") == "a/b")
    }

    @Test func readingAMissingFileSaysSo() {
        #expect(throws: FileError(path: "/nonexistent/x.csv", reason: .notFound)) {
            try AtomicFile.read("/nonexistent/x.csv")
        }
    }
}
