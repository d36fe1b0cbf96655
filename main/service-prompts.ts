// The service switch's questions and messages as the operating system's own dialogs.
import type { Dialog } from 'electron';
import type { ServicePrompts } from './service-mode.js';

/** The part of Electron's dialog module the prompts use. */
export type DialogLike = Pick<Dialog, 'showMessageBox'>;

/** Asks one question with three buttons: the first is the default, the last cancels. */
async function askThree<T extends string>(dialog: DialogLike, text: { title: string; message: string; detail: string }, choices: Array<[T, string]>): Promise<T> {
  const { response } = await dialog.showMessageBox({
    type: 'question', ...text, buttons: choices.map(([, label]) => label), defaultId: 0, cancelId: choices.length - 1,
  });
  return (choices[response] ?? choices[choices.length - 1])![0];
}

export function dialogPrompts(dialog: DialogLike): ServicePrompts {
  return {
    askMoveIntegration: () => askThree(dialog, {
      title: 'Run Deskbridge as a service',
      message: 'Move this computer\'s integration to the service?',
      detail: 'The service starts with the computer, before anyone logs in. Moving the integration copies its settings, '
        + 'stored passwords and API keys, so Talkdesk goes on using the same keys. Windows, macOS or Linux then asks for '
        + 'administrator rights.',
    }, [['move', 'Move it to the service'], ['empty', 'Start the service empty'], ['cancel', 'Cancel']]),
    askKeepData: () => askThree(dialog, {
      title: 'Run Deskbridge while you are logged in',
      message: 'Keep the service\'s data folder?',
      detail: 'The service is removed and Deskbridge runs the bridge itself again while you are logged in, with the integration '
        + 'this app had. The service\'s folder holds its profile, master key, stored passwords and request log; keeping it '
        + 'lets you install the service again as it was.',
    }, [['keep', 'Keep the data folder'], ['remove', 'Remove the data folder'], ['cancel', 'Cancel']]),
    tell(kind, title, message) {
      void dialog.showMessageBox({ type: kind === 'error' ? 'error' : 'info', title, message: title, detail: message, buttons: ['OK'] });
    },
  };
}
