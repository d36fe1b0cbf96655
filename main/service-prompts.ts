// The service switch's questions and messages as the operating system's own dialogs.
import type { Dialog } from 'electron';
import type { ServicePrompts } from './service-mode.js';

/** The part of Electron's dialog module the prompts use. */
export type DialogLike = Pick<Dialog, 'showMessageBox'>;

export function dialogPrompts(dialog: DialogLike): ServicePrompts {
  return {
    async askMoveIntegration() {
      const { response } = await dialog.showMessageBox({
        type: 'question',
        title: 'Run Deskbridge as a service',
        message: 'Move this computer\'s integration to the service?',
        detail: 'The service starts with the computer, before anyone logs in. Moving the integration copies its settings, '
          + 'stored passwords and API keys, so Talkdesk goes on using the same keys. Windows, macOS or Linux then asks for '
          + 'administrator rights.',
        buttons: ['Move it to the service', 'Start the service empty', 'Cancel'],
        defaultId: 0,
        cancelId: 2,
      });
      return (['move', 'empty', 'cancel'] as const)[response] ?? 'cancel';
    },
    async askKeepData() {
      const { response } = await dialog.showMessageBox({
        type: 'question',
        title: 'Run Deskbridge while you are logged in',
        message: 'Keep the service\'s data folder?',
        detail: 'The service is removed and Deskbridge runs the bridge itself again while you are logged in, with the integration '
          + 'this app had. The service\'s folder holds its profile, master key, stored passwords and request log; keeping it '
          + 'lets you install the service again as it was.',
        buttons: ['Keep the data folder', 'Remove the data folder', 'Cancel'],
        defaultId: 0,
        cancelId: 2,
      });
      return (['keep', 'remove', 'cancel'] as const)[response] ?? 'cancel';
    },
    tell(kind, title, message) {
      void dialog.showMessageBox({ type: kind === 'error' ? 'error' : 'info', title, message: title, detail: message, buttons: ['OK'] });
    },
  };
}
