# A launcher that breaks the worker protocol (PROTOCOL.md) on purpose, for fault injection.
# Registered as an external language; in zygote mode it refuses (so its jobs start cold, one
# process each). In job mode it reads the job's first fields, and the script names the fault:
#   hang       never reads the rest of its input and never answers
#   close      closes its input and the results pipe without a word, and exits
#   malformed  writes a result frame whose counts make no sense, and exits
#   flood      writes 64 MB to stdout, then answers properly (no output data set)
import os, struct, sys, time

if sys.argv[1] != "job":
    sys.stderr.write("faulty_worker: no zygote mode\n")
    sys.exit(2)
results = sys.argv[2]
stdin = sys.stdin.buffer

def read_exact(n):
    data = b""
    while len(data) < n:
        more = stdin.read(n - len(data))
        if not more:
            sys.exit(3)
        data += more
    return data

magic = read_exact(4)
version = struct.unpack("<i", read_exact(4))[0]
length = struct.unpack("<i", read_exact(4))[0]
fault = read_exact(length).decode("utf-8").strip()

if fault == "hang":
    while True:
        time.sleep(60)
elif fault == "close":
    stdin.close()
    os.close(os.open(results, os.O_WRONLY))
    sys.exit(0)
elif fault == "malformed":
    with open(results, "wb") as out:
        out.write(b"SATR" + struct.pack("<iii", 0, 0, 3))            # ok, no parameters, three columns:
        out.write(struct.pack("<i", 1) + b"a" + struct.pack("<i", 99))  # a column of type 99
    sys.exit(0)
elif fault == "flood":
    line = b"x" * 1023 + b"\n"
    for _ in range(64 * 1024):
        sys.stdout.buffer.write(line)
    sys.stdout.buffer.flush()
    while stdin.read(65536):
        pass
    sys.stdout.write("\x01SATELLITE-END\n")
    sys.stdout.flush()
    sys.stderr.write("\x01SATELLITE-END\n")
    sys.stderr.flush()
    with open(results, "wb") as out:
        out.write(b"SATR" + struct.pack("<iii", 0, 0, -1))
    sys.exit(0)
sys.stderr.write("faulty_worker: unknown fault " + fault + "\n")
sys.exit(4)
