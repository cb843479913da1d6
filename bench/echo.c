/*
 * The loopback floor: a UDP server that does no DNS work at all. It turns each datagram around
 * with the QR bit set, so dnsperf counts it as an answer, and shows what the socket calls alone
 * cost on this machine.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

int main(int argc, char **argv) {
	if (argc != 2) {
		fprintf(stderr, "usage: %s PORT\n", argv[0]);
		return 2;
	}
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons(atoi(argv[1])) };
	address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *) &address, sizeof address) != 0) {
		perror("bind");
		return 1;
	}
	unsigned char buffer[65536];
	for (;;) {
		struct sockaddr_in client;
		socklen_t length = sizeof client;
		ssize_t n = recvfrom(fd, buffer, sizeof buffer, 0, (struct sockaddr *) &client, &length);
		if (n < 12) {
			continue;
		}
		buffer[2] |= 0x80;
		sendto(fd, buffer, n, 0, (struct sockaddr *) &client, length);
	}
}
