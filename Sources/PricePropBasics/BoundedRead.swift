#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading a whole file into memory, never more than a limit, whatever the file is: a regular file is
/// refused up front when its stated size is too big, and a device or FIFO with no stated size (`/dev/zero`,
/// `/dev/urandom`, a pipe that never ends) is read only until the limit is passed.
package enum BoundedRead {
    /// Why a file could not be read.
    package enum Failure: Error, Equatable {
        /// The system's `errno`.
        case system(Int32)
        case isADirectory
        /// More than the limit, in bytes.
        case tooLarge(limit: Int)
        /// A device or FIFO sent a NUL byte, which no text file holds (`/dev/zero`, `/dev/urandom`).
        case notText
    }

    /// Scenario files and CSV tables: 512 MiB (a million-firm scenario is about 100 MB).
    package static let defaultLimit = 512 << 20

    /// The bytes of the file at `path`, read with POSIX calls so failures carry the system's reason.
    package static func bytes(atPath path: String, limit: Int = defaultLimit) -> Result<[UInt8], Failure> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(.system(errno)) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .failure(.system(errno)) }
        if info.st_mode & S_IFMT == S_IFDIR { return .failure(.isADirectory) }
        if info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) > limit { return .failure(.tooLarge(limit: limit)) }
        // Read into uninitialized storage of the stated size (no zero-filling 100 MB first); a chunk that comes
        // back full means the file grew or states no size, so read on, at most one byte past the limit.
        var failure: Int32 = 0
        func readChunk(_ capacity: Int) -> [UInt8] {
            [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
                guard let base = buffer.baseAddress else { return }
                while initialized < capacity {
                    let count = read(descriptor, base + initialized, capacity - initialized)
                    if count < 0, errno == EINTR { continue }
                    if count < 0 { failure = errno }
                    if count <= 0 { return }
                    initialized += count
                }
            }
        }
        // A stream with no stated size is checked as it comes, so binary noise stops after the first chunk.
        let isStream = info.st_mode & S_IFMT != S_IFREG
        var capacity = isStream ? min(1 << 16, limit + 1) : min(max(Int(info.st_size), 0), limit) + 1
        var chunk = readChunk(capacity)
        var bytes = chunk
        if isStream, chunk.contains(0) { return .failure(.notText) }
        while failure == 0, chunk.count == capacity, bytes.count <= limit {
            capacity = min(1 << 20, limit + 1 - bytes.count)
            chunk = readChunk(capacity)
            if isStream, chunk.contains(0) { return .failure(.notText) }
            bytes += chunk
        }
        if failure != 0 { return .failure(.system(failure)) }
        if bytes.count > limit { return .failure(.tooLarge(limit: limit)) }
        return .success(bytes)
    }
}
