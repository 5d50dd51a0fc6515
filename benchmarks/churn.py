#!/usr/bin/env python3
"""How many closed connections still hold a slot under heavy churn: 50 clients each open GET /api/events?types=a,
read the head, keep it 5-60 ms and close, for 8 s, while one publisher posts an event every 2 ms; /health's
active_connections is sampled every 50 ms. Prints the samples over 70 and the peak and median. Against a server on
port 18100 with HEADSPACE_PUBLISH_TOKEN=bench-token-0123456789 and no per-address cap.
  python3 benchmarks/churn.py
"""
import socket, threading, time, random, json, urllib.request, sys
PORT=18100; N=50; DUR=8
stop=time.time()+DUR
def client():
    while time.time()<stop:
        s=socket.create_connection(('127.0.0.1',PORT))
        s.sendall(b'GET /api/events?types=a HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n')
        s.recv(4096)
        end=time.time()+random.uniform(0.005,0.06)
        s.settimeout(0.01)
        while time.time()<end:
            try: s.recv(65536)
            except Exception: pass
        s.close()
def pub():
    body=json.dumps({"type":"a","data":{}}).encode()
    while time.time()<stop:
        req=urllib.request.Request(f'http://127.0.0.1:{PORT}/api/events',data=body,headers={'Authorization':'Bearer bench-token-0123456789','Content-Type':'application/json'})
        try: urllib.request.urlopen(req).read()
        except Exception as e: pass
        time.sleep(0.002)
ts=[threading.Thread(target=client) for _ in range(N)]+[threading.Thread(target=pub)]
for t in ts: t.start()
mx=0; samples=[]
while time.time()<stop:
    try:
        h=json.loads(urllib.request.urlopen(f'http://127.0.0.1:{PORT}/health').read())
        samples.append(h)
    except Exception as e: pass
    time.sleep(0.05)
for t in ts: t.join()
vals=[s['sse']['active_connections'] for s in samples]
print('series',' '.join(str(v) for v in vals if v>70)); print('samples',len(vals),'active max',max(vals),'median',sorted(vals)[len(vals)//2],'gone',samples[-1]['sse']['disconnects'],'published',samples[-1]['events']['published'])
