#!/usr/bin/env python3
"""Summarizes an async-profiler collapsed-stack file (taken with the `threads` option): CPU share per thread, then,
for the XNIO IO threads only, the leaf frames and the inclusive frames, each as a share of the IO threads' samples.
  python3 benchmarks/profile-summary.py <file[.gz]> [how many inclusive frames, default 60]
"""
import collections
import gzip
import sys

path = sys.argv[1]
shown = int(sys.argv[2]) if len(sys.argv) > 2 else 60
opener = gzip.open if path.endswith('.gz') else open
inclusive, threads, leaves = collections.Counter(), collections.Counter(), collections.Counter()
with opener(path, 'rt') as lines:
    for line in lines:
        stack, count = line.rsplit(' ', 1)
        count = int(count)
        frames = stack.split(';')
        thread = frames[0].strip('[]').split(' tid')[0]
        threads[thread] += count
        if 'I/O' not in thread:
            continue
        leaves[frames[-1]] += count
        for frame in set(frames[1:]):
            inclusive[frame] += count
total = sum(threads.values())
io = sum(count for thread, count in threads.items() if 'I/O' in thread) or 1
print(f'samples: {total}')
for thread, count in threads.most_common(8):
    print(f'{count * 100 / total:5.1f}% {thread}')
print('--- IO threads, leaf frames')
for frame, count in leaves.most_common(15):
    print(f'{count * 100 / io:5.1f}% {frame}')
print('--- IO threads, inclusive frames')
for frame, count in inclusive.most_common(shown):
    if '[k]' not in frame and 'Lambda' not in frame:
        print(f'{count * 100 / io:5.1f}% {frame}')
