"""OS behaviours that ordinary programs rely on, one line each; runtimes/test/python_os.py runs it
under `python3` and under fabricks-host and requires equal output."""
import asyncio
import os
import shutil
import sys
import time


def line(name, value):
    print(f"{name}: {value}", flush=True)


async def asyncio_cases():
    started = time.monotonic()
    await asyncio.sleep(0.02)
    line("asyncio.sleep waits", time.monotonic() - started >= 0.015)
    line("asyncio.gather", await asyncio.gather(asyncio.sleep(0.02, "slow"), asyncio.sleep(0.01, "fast")))
    try:
        await asyncio.wait_for(asyncio.sleep(5), 0.02)
        line("asyncio.wait_for", "no timeout")
    except TimeoutError:
        line("asyncio.wait_for", "TimeoutError")
    queue = asyncio.Queue()

    async def producer():
        for i in range(3):
            await asyncio.sleep(0.005)
            await queue.put(i)
        await queue.put(None)

    task = asyncio.create_task(producer())
    got = []
    while (item := await queue.get()) is not None:
        got.append(item)
    await task
    line("asyncio.Queue and create_task", got)
    event = asyncio.Event()
    asyncio.get_running_loop().call_later(0.01, event.set)
    await event.wait()
    line("asyncio.Event and call_later", event.is_set())
    order = [await f for f in asyncio.as_completed([asyncio.sleep(0.03, 3), asyncio.sleep(0.01, 1), asyncio.sleep(0.02, 2)])]
    line("asyncio.as_completed", order)
    reader = asyncio.StreamReader()
    await asyncio.get_running_loop().connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    first = await reader.readline()
    rest = await reader.read()
    line("asyncio stdin: first line", first)
    line("asyncio stdin: the rest", (len(rest), rest[-12:]))
    return "done"


line("sys.stdin.isatty", sys.stdin.isatty())
line("sys.stdout.isatty", sys.stdout.isatty())
line("asyncio.run", asyncio.run(asyncio_cases()))
before = time.process_time()
sum(range(200000))
line("time.process_time non-negative and growing", 0 <= before <= time.process_time())
line("time.thread_time non-negative", time.thread_time() >= 0)
line("time.process_time_ns type", type(time.process_time_ns()).__name__)
try:
    os.get_terminal_size()
    line("os.get_terminal_size on a pipe", "a size")
except OSError as e:
    line("os.get_terminal_size on a pipe", type(e).__name__)
line("shutil.get_terminal_size fallback", tuple(shutil.get_terminal_size((80, 24))))
