#pragma once
// The wasi_snapshot_preview1 ABI: the enums, flags and struct layouts of the witx definitions
// (WebAssembly/WASI, legacy/preview1/witx/typenames.witx). Guest structs are little-endian at fixed
// offsets; the k*Offset constants below give each field's place.

#include <cstdint>

namespace mosaic::wasi::p1 {

enum class Errno : uint16_t {
#define MOSAIC_WASI_ERRNO(name, code, host) name = code,
#include "wasi/p1/errno.def"
#undef MOSAIC_WASI_ERRNO
};

// The name of a WASI errno as in errno.def, e.g. "NoEnt" (for messages and tests).
const char* errno_name(Errno e);
// The WASI errno for a host errno value; Io for a host errno WASI has no name for.
Errno from_host_errno(int host_errno);
// The WASI errno for the calling thread's current `errno`.
Errno last_host_errno();

// filetype
enum class Filetype : uint8_t {
  Unknown = 0,
  BlockDevice = 1,
  CharacterDevice = 2,
  Directory = 3,
  RegularFile = 4,
  SocketDgram = 5,
  SocketStream = 6,
  SymbolicLink = 7,
};

// clockid
inline constexpr uint32_t kClockRealtime = 0;
inline constexpr uint32_t kClockMonotonic = 1;
inline constexpr uint32_t kClockProcessCputime = 2;
inline constexpr uint32_t kClockThreadCputime = 3;

// whence
inline constexpr uint8_t kWhenceSet = 0;
inline constexpr uint8_t kWhenceCur = 1;
inline constexpr uint8_t kWhenceEnd = 2;

// advice
inline constexpr uint8_t kAdviceNormal = 0;
inline constexpr uint8_t kAdviceSequential = 1;
inline constexpr uint8_t kAdviceRandom = 2;
inline constexpr uint8_t kAdviceWillNeed = 3;
inline constexpr uint8_t kAdviceDontNeed = 4;
inline constexpr uint8_t kAdviceNoReuse = 5;

// rights (u64 flags)
namespace rights {
inline constexpr uint64_t kFdDatasync = 1ull << 0;
inline constexpr uint64_t kFdRead = 1ull << 1;
inline constexpr uint64_t kFdSeek = 1ull << 2;
inline constexpr uint64_t kFdFdstatSetFlags = 1ull << 3;
inline constexpr uint64_t kFdSync = 1ull << 4;
inline constexpr uint64_t kFdTell = 1ull << 5;
inline constexpr uint64_t kFdWrite = 1ull << 6;
inline constexpr uint64_t kFdAdvise = 1ull << 7;
inline constexpr uint64_t kFdAllocate = 1ull << 8;
inline constexpr uint64_t kPathCreateDirectory = 1ull << 9;
inline constexpr uint64_t kPathCreateFile = 1ull << 10;
inline constexpr uint64_t kPathLinkSource = 1ull << 11;
inline constexpr uint64_t kPathLinkTarget = 1ull << 12;
inline constexpr uint64_t kPathOpen = 1ull << 13;
inline constexpr uint64_t kFdReaddir = 1ull << 14;
inline constexpr uint64_t kPathReadlink = 1ull << 15;
inline constexpr uint64_t kPathRenameSource = 1ull << 16;
inline constexpr uint64_t kPathRenameTarget = 1ull << 17;
inline constexpr uint64_t kPathFilestatGet = 1ull << 18;
inline constexpr uint64_t kPathFilestatSetSize = 1ull << 19;
inline constexpr uint64_t kPathFilestatSetTimes = 1ull << 20;
inline constexpr uint64_t kFdFilestatGet = 1ull << 21;
inline constexpr uint64_t kFdFilestatSetSize = 1ull << 22;
inline constexpr uint64_t kFdFilestatSetTimes = 1ull << 23;
inline constexpr uint64_t kPathSymlink = 1ull << 24;
inline constexpr uint64_t kPathRemoveDirectory = 1ull << 25;
inline constexpr uint64_t kPathUnlinkFile = 1ull << 26;
inline constexpr uint64_t kPollFdReadwrite = 1ull << 27;
inline constexpr uint64_t kSockShutdown = 1ull << 28;
inline constexpr uint64_t kSockAccept = 1ull << 29;
inline constexpr uint64_t kAll = (1ull << 30) - 1;
}  // namespace rights

// fdflags (u16)
inline constexpr uint16_t kFdflagAppend = 1 << 0;
inline constexpr uint16_t kFdflagDsync = 1 << 1;
inline constexpr uint16_t kFdflagNonblock = 1 << 2;
inline constexpr uint16_t kFdflagRsync = 1 << 3;
inline constexpr uint16_t kFdflagSync = 1 << 4;

// oflags (u16)
inline constexpr uint16_t kOflagCreat = 1 << 0;
inline constexpr uint16_t kOflagDirectory = 1 << 1;
inline constexpr uint16_t kOflagExcl = 1 << 2;
inline constexpr uint16_t kOflagTrunc = 1 << 3;

// lookupflags (u32)
inline constexpr uint32_t kLookupSymlinkFollow = 1 << 0;

// fstflags (u16)
inline constexpr uint16_t kFstAtim = 1 << 0;
inline constexpr uint16_t kFstAtimNow = 1 << 1;
inline constexpr uint16_t kFstMtim = 1 << 2;
inline constexpr uint16_t kFstMtimNow = 1 << 3;

// eventtype (u8), subclockflags (u16), eventrwflags (u16)
inline constexpr uint8_t kEventClock = 0;
inline constexpr uint8_t kEventFdRead = 1;
inline constexpr uint8_t kEventFdWrite = 2;
inline constexpr uint16_t kSubclockAbstime = 1 << 0;
inline constexpr uint16_t kEventFdReadwriteHangup = 1 << 0;

// riflags, roflags, siflags (u16), sdflags (u8)
inline constexpr uint16_t kRiflagRecvPeek = 1 << 0;
inline constexpr uint16_t kRiflagRecvWaitall = 1 << 1;
inline constexpr uint16_t kRoflagRecvDataTruncated = 1 << 0;
inline constexpr uint8_t kSdflagRd = 1 << 0;
inline constexpr uint8_t kSdflagWr = 1 << 1;

// preopentype
inline constexpr uint8_t kPreopentypeDir = 0;

// iovec / ciovec: { buf: u32, buf_len: u32 }
inline constexpr uint32_t kIovecSize = 8;

// fdstat: 24 bytes
inline constexpr uint32_t kFdstatSize = 24;
inline constexpr uint32_t kFdstatFiletype = 0;         // u8
inline constexpr uint32_t kFdstatFlags = 2;            // u16
inline constexpr uint32_t kFdstatRightsBase = 8;       // u64
inline constexpr uint32_t kFdstatRightsInheriting = 16;  // u64

// filestat: 64 bytes
inline constexpr uint32_t kFilestatSize = 64;
inline constexpr uint32_t kFilestatDev = 0;       // u64
inline constexpr uint32_t kFilestatIno = 8;       // u64
inline constexpr uint32_t kFilestatFiletype = 16;  // u8
inline constexpr uint32_t kFilestatNlink = 24;    // u64
inline constexpr uint32_t kFilestatSizeField = 32;  // u64
inline constexpr uint32_t kFilestatAtim = 40;     // u64
inline constexpr uint32_t kFilestatMtim = 48;     // u64
inline constexpr uint32_t kFilestatCtim = 56;     // u64

// dirent: 24 bytes, followed by d_namlen bytes of name
inline constexpr uint32_t kDirentSize = 24;
inline constexpr uint32_t kDirentNext = 0;     // u64 (dircookie)
inline constexpr uint32_t kDirentIno = 8;      // u64
inline constexpr uint32_t kDirentNamlen = 16;  // u32
inline constexpr uint32_t kDirentType = 20;    // u8

// prestat: 8 bytes
inline constexpr uint32_t kPrestatSize = 8;
inline constexpr uint32_t kPrestatTag = 0;      // u8
inline constexpr uint32_t kPrestatNameLen = 4;  // u32

// subscription: 48 bytes
inline constexpr uint32_t kSubscriptionSize = 48;
inline constexpr uint32_t kSubscriptionUserdata = 0;   // u64
inline constexpr uint32_t kSubscriptionTag = 8;        // u8 eventtype
inline constexpr uint32_t kSubscriptionClockId = 16;   // u32
inline constexpr uint32_t kSubscriptionClockTimeout = 24;    // u64
inline constexpr uint32_t kSubscriptionClockPrecision = 32;  // u64
inline constexpr uint32_t kSubscriptionClockFlags = 40;      // u16
inline constexpr uint32_t kSubscriptionFd = 16;              // u32 (fd_read / fd_write)

// event: 32 bytes
inline constexpr uint32_t kEventSize = 32;
inline constexpr uint32_t kEventUserdata = 0;  // u64
inline constexpr uint32_t kEventError = 8;     // u16 errno
inline constexpr uint32_t kEventType = 10;     // u8 eventtype
inline constexpr uint32_t kEventNbytes = 16;   // u64
inline constexpr uint32_t kEventFlags = 24;    // u16 eventrwflags

}  // namespace mosaic::wasi::p1
