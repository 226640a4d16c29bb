/*
 * tiny_http.c -- the cheapest HTTP/1.1 server we can write, to measure how
 * fast wrk can go on this machine (the "wrk ceiling"). Single thread, epoll,
 * keep-alive, answers every request with a fixed STS GetCallerIdentity XML
 * (so wrk's response check passes and parses the same amount of body).
 * It does NOT look at the signature. Benchmark tooling only.
 *
 *   cc -O2 -o tiny_http tiny_http.c && ./tiny_http PORT
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUF 65536
#define MAXFD 4096

static const char BODY[] =
    "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
    "<GetCallerIdentityResult><Arn>arn:aws:iam::000000000000:root</Arn>"
    "<UserId>000000000000</UserId><Account>000000000000</Account>"
    "</GetCallerIdentityResult><ResponseMetadata>"
    "<RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>"
    "</ResponseMetadata></GetCallerIdentityResponse>";

static char resp[1024];
static int resp_len;
static char *bufs[MAXFD];
static int lens[MAXFD];

static void closefd(int ep, int fd) {
    epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
    close(fd);
    free(bufs[fd]);
    bufs[fd] = NULL;
    lens[fd] = 0;
}

int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 8080;
    resp_len = snprintf(resp, sizeof resp,
                        "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: %zu\r\n\r\n%s",
                        sizeof BODY - 1, BODY);
    int ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 512)) { perror("bind/listen"); return 1; }
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = ls}, evs[256];
    epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev);
    for (;;) {
        int n = epoll_wait(ep, evs, 256, -1);
        for (int i = 0; i < n; i++) {
            int fd = evs[i].data.fd;
            if (fd == ls) {
                int c;
                while ((c = accept4(ls, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    if (c >= MAXFD) { close(c); continue; }
                    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    bufs[c] = malloc(BUF);
                    lens[c] = 0;
                    struct epoll_event ce = {.events = EPOLLIN, .data.fd = c};
                    epoll_ctl(ep, EPOLL_CTL_ADD, c, &ce);
                }
                continue;
            }
            for (;;) {
                ssize_t r = read(fd, bufs[fd] + lens[fd], BUF - lens[fd]);
                if (r == 0) { closefd(ep, fd); break; }
                if (r < 0) { if (errno != EAGAIN) closefd(ep, fd); break; }
                lens[fd] += (int)r;
                /* answer every complete request in the buffer */
                for (;;) {
                    char *b = bufs[fd];
                    char *end = memmem(b, lens[fd], "\r\n\r\n", 4);
                    if (!end) break;
                    int hdr = (int)(end - b) + 4, clen = 0;
                    for (char *p = b; p < end; p++)
                        if ((p == b || p[-1] == '\n') && !strncasecmp(p, "content-length:", 15)) clen = atoi(p + 15);
                    if (lens[fd] < hdr + clen) break;
                    if (write(fd, resp, resp_len) != resp_len) { closefd(ep, fd); goto next; }
                    memmove(b, b + hdr + clen, lens[fd] - hdr - clen);
                    lens[fd] -= hdr + clen;
                }
                if (lens[fd] >= BUF) { closefd(ep, fd); break; }
            }
        next:;
        }
    }
}
