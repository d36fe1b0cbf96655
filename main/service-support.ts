// Whether this copy of the desktop app can be what a service runs: not an AppImage, not a Windows install "only for me".
import { insideUserProfiles } from '../bridge/service/platforms.js';

/** Where this copy runs from. */
export interface InstallLocation {
  platform: NodeJS.Platform;
  /** The app's executable (process.execPath). */
  executable: string;
  env: NodeJS.ProcessEnv;
}

/** Why switching to a service cannot work from this copy (said before any prompt), or undefined when it can. */
export function serviceUnsupportedReason(install: InstallLocation): string | undefined {
  if (install.platform === 'linux' && install.env.APPIMAGE) {
    return 'This copy of Deskbridge is an AppImage, which runs from a temporary folder that a service cannot start from. Install the .deb package to run Deskbridge as a service.';
  }
  // The service runs this executable as LocalService, which cannot read a user's own folder (%LOCALAPPDATA%\Programs).
  if (install.platform === 'win32' && insideUserProfiles(install.executable, install.env)) {
    return 'This copy of Deskbridge is installed for you only, in your own user folder, which the service\'s account (LocalService) cannot read. '
      + 'To run Deskbridge as a service, install it again for all users (the installer asks; it needs administrator rights), then switch from that copy. '
      + 'Your integration stays in your user data and moves to the service when you switch.';
  }
  return undefined;
}
