// The app shell: shows the bridge's status from the admin API.
import { useEffect, useState } from 'react';

export function App() {
  const [status, setStatus] = useState<string>('Loading…');
  useEffect(() => {
    const token = new URLSearchParams(location.search).get('token') ?? sessionStorage.getItem('deskbridge-token') ?? '';
    sessionStorage.setItem('deskbridge-token', token);
    fetch('api/status', { headers: { authorization: `Bearer ${token}` } })
      .then(async (response) => setStatus(JSON.stringify(await response.json(), null, 2)))
      .catch((error: Error) => setStatus(`The bridge does not answer: ${error.message}`));
  }, []);
  return (
    <main>
      <h1>Deskbridge</h1>
      <pre>{status}</pre>
    </main>
  );
}
