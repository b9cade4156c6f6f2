// Tests that the command writes the same bytes on one core as on every core it may use.
import Foundation
import Testing

/// The CPUs this process may run on, from the kernel's `Cpus_allowed_list` ("0-1", "0,2-3").
private func allowedCPUs() -> [Int] {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") })
    else { return [] }
    return line.dropFirst("Cpus_allowed_list:".count).split(separator: ",").flatMap { range -> [Int] in
        let bounds = range.trimmingCharacters(in: .whitespaces).split(separator: "-").compactMap { Int($0) }
        return bounds.count == 2 ? Array(bounds[0]...bounds[1]) : bounds
    }
}

private let taskset = URL(fileURLWithPath: "/usr/bin/taskset")

@Suite struct CoreCountCommandTests {
    /// `generate`, `learn`, `assemble --factor` and `solve` once on every allowed core and once
    /// under `taskset` on one: every file identical, byte for byte. OpenBLAS splits its products
    /// by thread count, so before its count was fixed the dataset, the model, the operator, its
    /// factor and the solution all differed in their last bits.
    @Test(.enabled(if: allowedCPUs().count >= 2 && FileManager.default.isExecutableFile(atPath: taskset.path)))
    func oneCoreWritesTheSameFilesAsAll() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = { (name: String) in folder.appendingPathComponent(name).path }
        let runs: [[String]] = [
            ["generate", "fractional", "--samples", "300", "--seed", "5", "-o", path("f.nc")],
            ["learn", path("f.nc"), "--delta", "0.5", "--order", "5", "--alpha", "learn", "-o", path("f.json")],
            ["assemble", path("f.json"), "--grid", "interval:a=-1,b=1,h=0.01,delta=0.5", "--rhs-constant", "1", "--factor",
             "-o", path("op.nc")],
            ["solve", path("op.nc"), "-o", path("x.mtx")],
        ]
        func filesWritten(oneCore: Bool) throws -> [String: Data] {
            for arguments in runs {
                let result = oneCore
                    ? try runProcess(taskset, ["-c", String(allowedCPUs()[0]), try nonlocalExecutable().path] + arguments)
                    : try runCommand(arguments)
                try #require(result.status == 0, "nonlocal \(arguments.joined(separator: " ")): \(result.standardError)")
            }
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            let files = try Dictionary(uniqueKeysWithValues: names.map { ($0, try Data(contentsOf: URL(fileURLWithPath: path($0)))) })
            for name in names { try FileManager.default.removeItem(atPath: path(name)) }
            return files
        }
        let all = try filesWritten(oneCore: false), one = try filesWritten(oneCore: true)
        #expect(all.count == 5, "\(all.keys.sorted())")
        #expect(Set(all.keys) == Set(one.keys))
        for name in all.keys.sorted() { #expect(all[name] == one[name], "\(name) differs between one core and \(allowedCPUs().count)") }
    }
}
