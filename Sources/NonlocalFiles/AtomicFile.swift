// AtomicFile: every output file is written under a hidden temporary name in its folder and renamed over the destination when complete.
#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif
internal import SystemPackage

/// Writes files so that a reader sees either the old file, no file, or the complete new one:
/// the content goes to a hidden temporary file in the destination folder (same file system),
/// flushed to the storage device (`fsync(2)`) once the writer returns, then renamed over the
/// destination, and the folder is flushed after the rename, so that the new file survives a
/// power failure, not only a crash. A writer that throws leaves no file at the destination and
/// no temporary (an existing file there is untouched). Inside ``OutputTransaction/run(primary:_:)``
/// the rename waits until every file of the transaction is complete.
///
/// Temporaries are named `.NAME.PID.RANDOM.partial`. SIGINT and SIGTERM remove this process's
/// temporaries before it exits (130, 143); those of a process that died (SIGKILL) are removed by
/// the next write into the same folder (``TemporaryFiles``).
///
/// Errors, the writer's own and the file system's, are thrown as the writer's error type
/// (see ``FileErrorRepresentable``), and always name the destination, never the temporary.
///
/// Cost of the flushes, measured with `nonlocal bench io` (2 cores, idle, virtio disk): `fsync`
/// of the 335 MB MatrixMarket file takes 0.10–0.13 s and its write goes from 0.49 s to 0.60 s
/// (+22 %); the 124 MB PETSc file, 0.05 s, from 0.36 s to 0.40 s (+11 %); a folder's flush takes
/// under 0.01 s. Without them, a power failure shortly after the rename can leave an empty or
/// partial file under the destination's name on ext4 and XFS, which is what the rename avoids.
public enum AtomicFile {
    /// Writes the file `path` through `writer`, which appends the content to an ``OutputFile``
    /// created at the temporary name (its errors already name `path`); the file is then closed,
    /// flushed and renamed to `path`.
    ///
    /// - Throws: what `writer` throws; ``FileError`` as `E` when the folder is missing or is not
    ///   a folder, or creating, writing, closing, flushing or renaming fails.
    public static func write<E: FileErrorRepresentable>(
        to path: String, _ writer: (_ output: OutputFile) throws(E) -> Void
    ) throws(E) {
        try write(
            to: path,
            throughTemporaryPath: { (temporary) throws(E) in
                let output: OutputFile
                do throws(FileError) { output = try OutputFile(creating: temporary, for: path) } catch { throw E(error) }
                try writer(output)
                do throws(FileError) { try output.close() } catch { throw E(error) }
            })
    }

    /// Writes `bytes` as the file `path`; see ``write(to:_:)``.
    public static func write(_ bytes: [UInt8], to path: String) throws(FileError) {
        try write(to: path) { (output) throws(FileError) in try output.write(bytes) }
    }

    /// Runs `writer` with a temporary path next to `path`, then flushes that file and renames it
    /// to `path` (at the end of the ``OutputTransaction`` when one is running): for libraries that
    /// create their files by name (netCDF-C). The writer must create the file at `temporaryPath`
    /// and close it before returning.
    /// - Throws: what `writer` throws (the temporary is removed); ``FileError`` as `E` when the
    ///   folder is missing or is not a folder, or the flush or the rename fails.
    public static func write<E: FileErrorRepresentable>(
        to path: String, throughTemporaryPath writer: (_ temporaryPath: String) throws(E) -> Void
    ) throws(E) {
        let (folder, name) = location(of: path)
        switch FileSystem.status(of: folder) {
        case .success(let status) where status.type == .directory: break
        case .success: throw E(.system(path: path, operation: .create, reason: Errno.notDirectory.description))
        case .failure(let error) where error == .noSuchFileOrDirectory: throw E(.missingFolder(path: path, folder: folder))
        case .failure(let error): throw E(.system(path: path, operation: .create, reason: error.description))
        }
        TemporaryFiles.sweep(folder: folder)
        let temporary = TemporaryFiles.temporaryName(prefix: String(path.dropLast(name.utf8.count)), name: name)
        let registration = TemporaryFiles.register(temporary, for: path)
        do throws(E) {
            try writer(temporary)
            do throws(FileError) { try FileSystem.synchronizeFile(temporary, for: path) } catch { throw E(error) }
        } catch {
            try? FileSystem.removeFile(temporary)
            TemporaryFiles.unregister(registration)
            throw error
        }
        if let transaction = OutputTransaction.current {
            transaction.stage(registration)
            return
        }
        do throws(FileError) {
            TemporaryFiles.beginCommit([registration])
            try FileSystem.rename(temporary, to: path)
        } catch {
            try? FileSystem.removeFile(temporary)
            TemporaryFiles.unregister(registration)
            throw E(error)
        }
        TemporaryFiles.unregister(registration)
        do throws(FileError) { try FileSystem.synchronizeFolder(folder) } catch { throw E(error) }
    }

    /// Installs now the SIGINT and SIGTERM handlers that the first write installs anyway (see
    /// ``TemporaryFiles``), so that a command interrupted before it writes also exits with
    /// 130 or 143, and one interrupted while it writes removes its temporaries. Call it first
    /// thing in a command's `main`.
    public static func removeTemporariesOnInterrupt() {
        TemporaryFiles.installHandlers()
    }

    /// Creates and removes an empty temporary in `folder`, to learn whether files can be created
    /// there (the permission bits do not tell everything: read-only mounts, /proc). The probe is
    /// a registered temporary like any other, so an interruption does not leave it behind.
    /// - Throws: ``FileError`` naming `path`, the file the caller means to write.
    public static func checkFilesCanBeCreated(in folder: String, for path: String) throws(FileError) {
        let probe = TemporaryFiles.temporaryName(prefix: folder.hasSuffix("/") ? folder : folder + "/", name: "nonlocal-probe")
        let registration = TemporaryFiles.register(probe, for: path)
        defer { TemporaryFiles.unregister(registration) }
        let file = try OutputFile(creating: probe, for: path)
        do throws(FileError) {
            try file.close()
        } catch {
            try? FileSystem.removeFile(probe)
            throw error
        }
        try FileError.catching(path: path, operation: .remove) { try FilePath(probe).unlink() }
    }

    /// The description of `error`, thrown while writing `temporaryPath`, as a reason for not
    /// writing `path`: a library that names the file it was given (netCDF-C does, as
    /// "path: …") would otherwise show the hidden temporary name.
    public static func reason(of error: some Error, writing temporaryPath: String, for path: String) -> String {
        let text = "\(error)"
        if text.hasPrefix(temporaryPath + ": ") { return String(text.dropFirst(temporaryPath.count + 2)) }
        return text.replacing(temporaryPath, with: path)
    }

    /// The folder that holds `path` ("." for a bare name) and the last component.
    static func location(of path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = path[..<slash]
        return (folder.isEmpty ? "/" : String(folder), String(path[path.index(after: slash)...]))
    }
}
