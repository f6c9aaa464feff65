#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension AtomicFile {
    /// A file written piece by piece, still atomically: pieces go to a hidden temporary file next to the
    /// destination, and only ``commit()`` moves it into place. Dropping the stream without committing removes
    /// the temporary file and leaves the destination untouched.
    ///
    /// It is a class because it owns an open file: one writer, one temporary file.
    public final class Stream {
        public let path: String
        private let temporary: String
        private var descriptor: Int32
        private var buffer: [UInt8] = []

        /// Opens the temporary file for `path`.
        public init(path: String) throws(FileError) {
            self.path = path
            let mode = try AtomicFile.destinationMode(path)
            temporary = AtomicFile.temporaryPath(for: path)
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            guard descriptor >= 0 else { throw FileError(path: path, reason: .fromErrno(errno, directory: true)) }
            if let mode { fchmod(descriptor, mode) }
            buffer.reserveCapacity(1 << 16)
        }

        /// Appends `text` as UTF-8 (buffered).
        public func write(_ text: String) throws(FileError) {
            buffer.append(contentsOf: text.utf8)
            if buffer.count >= 1 << 16 { try flush() }
        }

        /// Writes the buffer to the temporary file, fsyncs it and renames it over the destination.
        public func commit() throws(FileError) {
            guard descriptor >= 0 else { return }
            try flush()
            let synced = fsync(descriptor) == 0
            let failure = errno
            close(descriptor)
            descriptor = -1
            guard synced else {
                unlink(temporary)
                throw FileError(path: path, reason: .fromErrno(failure, directory: false))
            }
            guard rename(temporary, path) == 0 else {
                let failure = errno
                unlink(temporary)
                throw FileError(path: path, reason: .fromErrno(failure, directory: false))
            }
        }

        /// Abandons the file: the temporary is removed and the destination untouched.
        public func discard() {
            guard descriptor >= 0 else { return }
            close(descriptor)
            descriptor = -1
            unlink(temporary)
        }

        deinit { discard() }

        private func flush() throws(FileError) {
            var offset = 0
            while offset < buffer.count {
                let written = buffer[offset...].withUnsafeBytes { AtomicFile.systemWrite(descriptor, $0.baseAddress, $0.count) }
                if written < 0 {
                    if errno == EINTR { continue }
                    let failure = errno
                    discard()
                    throw FileError(path: path, reason: .fromErrno(failure, directory: false))
                }
                offset += written
            }
            buffer.removeAll(keepingCapacity: true)
        }
    }
}
