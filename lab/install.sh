# Installs the lab's Debian packages (sourced by lab/run and lab/smoke). Daemons are kept from
# starting on the host while they install: the lab starts its own, inside its namespaces.
install_packages() {
	local missing=()
	for package in "$@"; do
		dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	local saved=""
	if [ -e /usr/sbin/policy-rc.d ]; then
		saved=$(mktemp)
		cp -p /usr/sbin/policy-rc.d "$saved"
	fi
	printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
	chmod +x /usr/sbin/policy-rc.d
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	local status=$?
	if [ -n "$saved" ]; then
		cp -p "$saved" /usr/sbin/policy-rc.d
		rm -f "$saved"
	else
		rm -f /usr/sbin/policy-rc.d
	fi
	return $status
}

# Says why the lab cannot run here, or nothing when it can.
lab_unavailable() {
	if [ "$(id -u)" -ne 0 ]; then
		echo "not running as root (network namespaces need root)"
	elif ! command -v ip >/dev/null 2>&1 && ! command -v apt-get >/dev/null 2>&1; then
		echo "neither iproute2 nor apt-get is available"
	elif command -v ip >/dev/null 2>&1 && ! ip netns add sdl-probe 2>/dev/null; then
		echo "network namespaces cannot be created here"
	else
		ip netns del sdl-probe 2>/dev/null
	fi
}
